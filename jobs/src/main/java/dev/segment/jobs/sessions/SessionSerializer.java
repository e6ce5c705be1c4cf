package dev.segment.jobs.sessions;

import dev.segment.common.serialization.FlatSerializer;
import dev.segment.common.serialization.FlatTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The {@link Session} serializer: a null mask of the texts, the figures, the texts present. */
public final class SessionSerializer extends FlatSerializer<Session> {
    private static final long serialVersionUID = 1L;

    public static final SessionSerializer INSTANCE = new SessionSerializer();

    @Override
    public Session createInstance() {
        return new Session();
    }

    @Override
    public Session copy(Session f) {
        Session s = new Session();
        s.visitorId = f.visitorId;
        s.customerId = f.customerId;
        s.sessionStart = f.sessionStart;
        s.sessionEnd = f.sessionEnd;
        s.events = f.events;
        s.pageViews = f.pageViews;
        s.productViews = f.productViews;
        s.searches = f.searches;
        s.cartAdds = f.cartAdds;
        s.cartRemoves = f.cartRemoves;
        s.checkouts = f.checkouts;
        s.purchases = f.purchases;
        s.supportViews = f.supportViews;
        s.revenue = f.revenue;
        s.intent = f.intent;
        s.device = f.device;
        s.daypart = f.daypart;
        s.weekend = f.weekend;
        s.referrerChannel = f.referrerChannel;
        s.country = f.country;
        return s;
    }

    @Override
    protected void write(Session s, DataOutputView out) throws IOException {
        out.writeByte(
                nullBit(s.visitorId, 0)
                        | nullBit(s.customerId, 1)
                        | nullBit(s.intent, 2)
                        | nullBit(s.device, 3)
                        | nullBit(s.daypart, 4)
                        | nullBit(s.referrerChannel, 5)
                        | nullBit(s.country, 6));
        out.writeLong(s.sessionStart);
        out.writeLong(s.sessionEnd);
        out.writeLong(s.events);
        out.writeLong(s.pageViews);
        out.writeLong(s.productViews);
        out.writeLong(s.searches);
        out.writeLong(s.cartAdds);
        out.writeLong(s.cartRemoves);
        out.writeLong(s.checkouts);
        out.writeLong(s.purchases);
        out.writeLong(s.supportViews);
        out.writeDouble(s.revenue);
        out.writeBoolean(s.weekend);
        writeIfPresent(s.visitorId, out);
        writeIfPresent(s.customerId, out);
        writeIfPresent(s.intent, out);
        writeIfPresent(s.device, out);
        writeIfPresent(s.daypart, out);
        writeIfPresent(s.referrerChannel, out);
        writeIfPresent(s.country, out);
    }

    @Override
    protected Session read(DataInputView in) throws IOException {
        int mask = in.readUnsignedByte();
        Session s = new Session();
        s.sessionStart = in.readLong();
        s.sessionEnd = in.readLong();
        s.events = in.readLong();
        s.pageViews = in.readLong();
        s.productViews = in.readLong();
        s.searches = in.readLong();
        s.cartAdds = in.readLong();
        s.cartRemoves = in.readLong();
        s.checkouts = in.readLong();
        s.purchases = in.readLong();
        s.supportViews = in.readLong();
        s.revenue = in.readDouble();
        s.weekend = in.readBoolean();
        s.visitorId = readIfPresent(mask, 0, in);
        s.customerId = readIfPresent(mask, 1, in);
        s.intent = readIfPresent(mask, 2, in);
        s.device = readIfPresent(mask, 3, in);
        s.daypart = readIfPresent(mask, 4, in);
        s.referrerChannel = readIfPresent(mask, 5, in);
        s.country = readIfPresent(mask, 6, in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<Session> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) session serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Session> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever a {@link Session} travels or is stored. */
    public static final class Factory extends TypeInfoFactory<Session> {
        @Override
        public TypeInformation<Session> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(Session.class, 20, () -> INSTANCE);
        }
    }
}
