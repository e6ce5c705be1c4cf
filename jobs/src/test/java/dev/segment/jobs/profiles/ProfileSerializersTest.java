package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.testkit.FieldsEqual;
import java.time.Duration;
import java.util.Random;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Nested;

/**
 * Flink's own serializer test suite on the summary, input, update and golden-record serializers.
 */
class ProfileSerializersTest {

    private static final ProfileRules RULES =
            new ProfileRules("Europe/Berlin", Duration.ofDays(7), true, Duration.ofDays(1), false);

    /** A summary with every map filled (and a null device class), or an empty one. */
    static ProfileAccumulator summary(Random r, boolean empty) {
        ProfileAccumulator a = new ProfileAccumulator();
        if (empty) {
            return a;
        }
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 1 + r.nextInt(30); i++) {
            Event e = event(r, t + r.nextInt(40) * 86_400_000L);
            a.addEvent(e, RULES);
        }
        Session s = new Session();
        s.sessionStart = t;
        s.sessionEnd = t + 60_000;
        s.cartAdds = r.nextInt(2);
        s.purchases = r.nextInt(2);
        s.intent = "browse";
        s.device = r.nextBoolean() ? null : "mobile";
        s.daypart = "evening";
        a.addSession(s, RULES);
        return a;
    }

    static Event event(Random r, long ts) {
        Event e = new Event();
        e.ts = ts;
        e.type = EventType.values()[r.nextInt(EventType.values().length)];
        e.visitorId = "V" + r.nextInt(5);
        e.category = r.nextBoolean() ? "shoes" : "bags" + r.nextInt(9);
        e.amount = r.nextBoolean() ? null : 12.5;
        return e;
    }

    @Nested
    class Summaries extends SerializerTestBase<ProfileAccumulator> {
        Summaries() {
            super(FieldsEqual.checker(ProfileAccumulator.class));
        }

        @Override
        protected TypeSerializer<ProfileAccumulator> createSerializer() {
            return new ProfileSerializers.Accumulator();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<ProfileAccumulator> getTypeClass() {
            return ProfileAccumulator.class;
        }

        @Override
        protected ProfileAccumulator[] getTestData() {
            Random r = new Random(9);
            ProfileAccumulator[] data = new ProfileAccumulator[12];
            for (int i = 0; i < data.length; i++) {
                data[i] = summary(r, i == 0);
            }
            return data;
        }

        @Override
        protected void deepEquals(
                String message, ProfileAccumulator should, ProfileAccumulator is) {
            FieldsEqual.assertFieldsEqual(message, should, is);
        }
    }

    @Nested
    class Inputs extends SerializerTestBase<ProfileInput> {
        Inputs() {
            super(FieldsEqual.checker(ProfileInput.class));
        }

        @Override
        protected TypeSerializer<ProfileInput> createSerializer() {
            return new ProfileSerializers.Input();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<ProfileInput> getTypeClass() {
            return ProfileInput.class;
        }

        @Override
        protected ProfileInput[] getTestData() {
            Random r = new Random(1);
            Session s = new Session();
            s.visitorId = "V1";
            s.customerId = "C1";
            s.intent = "purchase";
            return new ProfileInput[] {
                new ProfileInput(),
                ProfileInput.event(event(r, 1_700_000_000_000L)),
                ProfileInput.session(s),
                ProfileInput.consent("V1", null, 5L, true),
                ProfileInput.consent("V1", "C1", -5L, false),
                ProfileInput.move("V2", "C9", 7L)
            };
        }

        @Override
        protected void deepEquals(String message, ProfileInput should, ProfileInput is) {
            FieldsEqual.assertFieldsEqual(message, should, is);
        }
    }

    @Nested
    class Updates extends SerializerTestBase<ProfileUpdate> {
        Updates() {
            super(FieldsEqual.checker(ProfileUpdate.class));
        }

        @Override
        protected TypeSerializer<ProfileUpdate> createSerializer() {
            return new ProfileSerializers.Update();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<ProfileUpdate> getTypeClass() {
            return ProfileUpdate.class;
        }

        @Override
        protected ProfileUpdate[] getTestData() {
            Random r = new Random(2);
            Session s = new Session();
            s.visitorId = "V1";
            s.device = "desktop";
            return new ProfileUpdate[] {
                new ProfileUpdate(),
                ProfileUpdate.event("C1", "V1\u0000C1", event(r, 1_700_000_000_000L)),
                ProfileUpdate.session("visitor:V1", "V1\u0000", s),
                ProfileUpdate.part("C1", "V1\u0000", summary(r, false)),
                ProfileUpdate.retract("visitor:V1", "V1\u0000"),
                ProfileUpdate.consent("C1", 99L, true)
            };
        }

        @Override
        protected void deepEquals(String message, ProfileUpdate should, ProfileUpdate is) {
            FieldsEqual.assertFieldsEqual(message, should, is);
        }
    }

    @Nested
    class GoldenRecords extends SerializerTestBase<GoldenRecord> {
        GoldenRecords() {
            super(FieldsEqual.checker(GoldenRecord.class));
        }

        @Override
        protected TypeSerializer<GoldenRecord> createSerializer() {
            return new ProfileSerializers.Golden();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<GoldenRecord> getTypeClass() {
            return GoldenRecord.class;
        }

        @Override
        protected GoldenRecord[] getTestData() {
            Random r = new Random(3);
            GoldenRecord withdrawn = new GoldenRecord();
            withdrawn.consentTs = 42L;
            withdrawn.consentFloor = 42L;
            withdrawn.granted = false;
            GoldenRecord sole = new GoldenRecord();
            sole.summary = summary(r, false);
            sole.soleSlot = "V1\u0000C1";
            sole.visitors = 1;
            sole.stored = true;
            sole.pendingAt = 1_234L;
            sole.baseline = new RfmBaseline();
            sole.baseline.runId = "run-1";
            sole.baseline.asOfDay = 19_000L;
            sole.baseline.frequency = 3;
            sole.baseline.monetaryUnits = -7L;
            sole.baseline.firstDay = 18_000L;
            sole.baseline.lastDay = 18_990L;
            sole.baseline.lifecycleStage = "active";
            GoldenRecord parts = new GoldenRecord();
            parts.summary = summary(r, true);
            parts.partsInMap = true;
            parts.visitors = 3;
            parts.baseline = new RfmBaseline(); // looked up, not in the baseline run
            return new GoldenRecord[] {new GoldenRecord(), withdrawn, sole, parts};
        }

        @Override
        protected void deepEquals(String message, GoldenRecord should, GoldenRecord is) {
            FieldsEqual.assertFieldsEqual(message, should, is);
        }
    }
}
