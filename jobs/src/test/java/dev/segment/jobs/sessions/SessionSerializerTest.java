package dev.segment.jobs.sessions;

import dev.segment.jobs.testkit.FieldsEqual;
import java.util.Random;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own serializer test suite on the session serializer. */
class SessionSerializerTest extends SerializerTestBase<Session> {

    SessionSerializerTest() {
        super(FieldsEqual.checker(Session.class));
    }

    @Override
    protected TypeSerializer<Session> createSerializer() {
        return new SessionSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Session> getTypeClass() {
        return Session.class;
    }

    @Override
    protected Session[] getTestData() {
        Random r = new Random(5);
        Session[] data = new Session[30];
        data[0] = new Session();
        for (int i = 1; i < data.length; i++) {
            Session s = new Session();
            s.visitorId = "V" + i;
            s.customerId = r.nextBoolean() ? null : "C" + r.nextInt();
            s.sessionStart = r.nextLong();
            s.sessionEnd = r.nextLong();
            s.events = r.nextInt(100);
            s.pageViews = r.nextInt();
            s.productViews = r.nextLong();
            s.searches = i;
            s.cartAdds = i + 1;
            s.cartRemoves = i + 2;
            s.checkouts = i + 3;
            s.purchases = i + 4;
            s.supportViews = i + 5;
            s.revenue = r.nextDouble() * 1000;
            s.intent = r.nextBoolean() ? "purchase" : null;
            s.device = r.nextBoolean() ? "mobile" : null;
            s.daypart = r.nextBoolean() ? "evening" : null;
            s.weekend = r.nextBoolean();
            s.referrerChannel = r.nextBoolean() ? "search" : null;
            s.country = r.nextBoolean() ? "\u00d6sterreich" : null;
            data[i] = s;
        }
        return data;
    }

    @Override
    protected void deepEquals(String message, Session should, Session is) {
        FieldsEqual.assertFieldsEqual(message, should, is);
    }
}
