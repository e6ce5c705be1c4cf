package dev.segment.jobs.profiles;

import dev.segment.common.serialization.FlatSerializer;
import dev.segment.common.serialization.FlatTypeInfo;
import dev.segment.jobs.events.EventSerializer;
import dev.segment.jobs.sessions.SessionSerializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializers of the profile stages' records and state: the summary ({@link ProfileAccumulator}),
 * what reaches a visitor's profile ({@link ProfileInput}) and what reaches a golden record ({@link
 * ProfileUpdate}). Each input and update carries one of an event, a session or a summary; Flink's
 * POJO serializer built an empty one of each (a summary with eight maps) for every record read.
 */
public final class ProfileSerializers {
    private ProfileSerializers() {}

    /** The {@link ProfileAccumulator} serializer. */
    public static final class Accumulator extends FlatSerializer<ProfileAccumulator> {
        private static final long serialVersionUID = 1L;
        public static final Accumulator INSTANCE = new Accumulator();

        @Override
        public ProfileAccumulator createInstance() {
            return new ProfileAccumulator();
        }

        @Override
        public ProfileAccumulator copy(ProfileAccumulator from) {
            return from.copy();
        }

        @Override
        protected void write(ProfileAccumulator a, DataOutputView out) throws IOException {
            out.writeLong(a.first);
            out.writeLong(a.last);
            out.writeLong(a.events);
            out.writeLong(a.purchases);
            out.writeLong(a.revenueUnits);
            out.writeLong(a.supportEvents);
            out.writeLong(a.sessions);
            out.writeLong(a.convertedSessions);
            out.writeLong(a.cartSessions);
            out.writeLong(a.abandonedCartSessions);
            out.writeLong(a.lastIntentTs);
            out.writeBoolean(a.lastIntent != null);
            writeIfPresent(a.lastIntent, out);
            writeDays(a.purchasesPerDay, out);
            writeDays(a.revenuePerDay, out);
            writeDays(a.eventsPerDay, out);
            writeDays(a.sessionsPerDay, out);
            writeCounts(a.devices, out);
            writeCounts(a.dayparts, out);
            out.writeInt(a.interestLog2.size());
            for (Map.Entry<String, Double> e : a.interestLog2.entrySet()) {
                writeKey(e.getKey(), out);
                out.writeDouble(e.getValue());
            }
        }

        @Override
        protected ProfileAccumulator read(DataInputView in) throws IOException {
            ProfileAccumulator a = new ProfileAccumulator();
            a.first = in.readLong();
            a.last = in.readLong();
            a.events = in.readLong();
            a.purchases = in.readLong();
            a.revenueUnits = in.readLong();
            a.supportEvents = in.readLong();
            a.sessions = in.readLong();
            a.convertedSessions = in.readLong();
            a.cartSessions = in.readLong();
            a.abandonedCartSessions = in.readLong();
            a.lastIntentTs = in.readLong();
            a.lastIntent = in.readBoolean() ? StringValue.readString(in) : null;
            a.purchasesPerDay = readDays(in);
            a.revenuePerDay = readDays(in);
            a.eventsPerDay = readDays(in);
            a.sessionsPerDay = readDays(in);
            a.devices = readCounts(in);
            a.dayparts = readCounts(in);
            int n = in.readInt();
            a.interestLog2 = new HashMap<>(capacity(n));
            for (int i = 0; i < n; i++) {
                a.interestLog2.put(readKey(in), in.readDouble());
            }
            return a;
        }

        // the format of the HashMaps these were before (entries in any order): checkpoints of
        // either read into the other
        private static void writeDays(DayCounts d, DataOutputView out) throws IOException {
            out.writeInt(d.size());
            for (int i = 0; i < d.size(); i++) {
                out.writeLong(d.day(i));
                out.writeLong(d.value(i));
            }
        }

        private static DayCounts readDays(DataInputView in) throws IOException {
            int n = in.readInt();
            DayCounts d = new DayCounts();
            for (int i = 0; i < n; i++) {
                d.add(in.readLong(), in.readLong());
            }
            return d;
        }

        private static void writeCounts(Map<String, Long> m, DataOutputView out)
                throws IOException {
            out.writeInt(m.size());
            for (Map.Entry<String, Long> e : m.entrySet()) {
                writeKey(e.getKey(), out);
                out.writeLong(e.getValue());
            }
        }

        private static Map<String, Long> readCounts(DataInputView in) throws IOException {
            int n = in.readInt();
            Map<String, Long> m = new HashMap<>(capacity(n));
            for (int i = 0; i < n; i++) {
                m.put(readKey(in), in.readLong());
            }
            return m;
        }

        /** A map key; null is a key too (a session without a device class counts under null). */
        private static void writeKey(String k, DataOutputView out) throws IOException {
            out.writeBoolean(k != null);
            writeIfPresent(k, out);
        }

        private static String readKey(DataInputView in) throws IOException {
            return in.readBoolean() ? StringValue.readString(in) : null;
        }

        private static int capacity(int entries) {
            return Math.max(4, (int) (entries / 0.75f) + 1);
        }

        @Override
        public TypeSerializerSnapshot<ProfileAccumulator> snapshotConfiguration() {
            return new AccumulatorSnapshot();
        }
    }

    /** Snapshot of the summary serializer. */
    public static final class AccumulatorSnapshot
            extends SimpleTypeSerializerSnapshot<ProfileAccumulator> {
        public AccumulatorSnapshot() {
            super(() -> Accumulator.INSTANCE);
        }
    }

    /** Makes Flink use {@link Accumulator} for summaries in state and in records. */
    public static final class AccumulatorFactory extends TypeInfoFactory<ProfileAccumulator> {
        @Override
        public TypeInformation<ProfileAccumulator> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(ProfileAccumulator.class, 19, () -> Accumulator.INSTANCE);
        }
    }

    /**
     * The {@link GoldenRecord} serializer: fixed fields, then the nullable summary and baseline.
     */
    public static final class Golden extends FlatSerializer<GoldenRecord> {
        private static final long serialVersionUID = 1L;
        public static final Golden INSTANCE = new Golden();

        @Override
        public GoldenRecord createInstance() {
            return new GoldenRecord();
        }

        @Override
        public GoldenRecord copy(GoldenRecord f) {
            GoldenRecord c = new GoldenRecord();
            c.consentTs = f.consentTs;
            c.granted = f.granted;
            c.consentFloor = f.consentFloor;
            c.summary = f.summary == null ? null : f.summary.copy();
            c.visitors = f.visitors;
            c.stored = f.stored;
            c.pendingAt = f.pendingAt;
            c.soleSlot = f.soleSlot;
            c.partsInMap = f.partsInMap;
            c.baseline = f.baseline == null ? null : copy(f.baseline);
            return c;
        }

        private static RfmBaseline copy(RfmBaseline f) {
            RfmBaseline c = new RfmBaseline();
            c.runId = f.runId;
            c.asOfDay = f.asOfDay;
            c.frequency = f.frequency;
            c.monetaryUnits = f.monetaryUnits;
            c.firstDay = f.firstDay;
            c.lastDay = f.lastDay;
            c.lifecycleStage = f.lifecycleStage;
            return c;
        }

        @Override
        protected void write(GoldenRecord g, DataOutputView out) throws IOException {
            RfmBaseline b = g.baseline;
            out.writeByte(
                    nullBit(g.summary, 0)
                            | nullBit(g.soleSlot, 1)
                            | nullBit(b, 2)
                            | nullBit(b == null ? null : b.runId, 3)
                            | nullBit(b == null ? null : b.lifecycleStage, 4)
                            | (g.granted ? 1 << 5 : 0)
                            | (g.stored ? 1 << 6 : 0)
                            | (g.partsInMap ? 1 << 7 : 0));
            out.writeLong(g.consentTs);
            out.writeLong(g.consentFloor);
            out.writeInt(g.visitors);
            out.writeLong(g.pendingAt);
            writeIfPresent(g.soleSlot, out);
            if (g.summary != null) {
                Accumulator.INSTANCE.serialize(g.summary, out);
            }
            if (b != null) {
                writeIfPresent(b.runId, out);
                out.writeLong(b.asOfDay);
                out.writeLong(b.frequency);
                out.writeLong(b.monetaryUnits);
                out.writeLong(b.firstDay);
                out.writeLong(b.lastDay);
                writeIfPresent(b.lifecycleStage, out);
            }
        }

        @Override
        protected GoldenRecord read(DataInputView in) throws IOException {
            int mask = in.readUnsignedByte();
            GoldenRecord g = new GoldenRecord();
            g.granted = (mask & (1 << 5)) != 0;
            g.stored = (mask & (1 << 6)) != 0;
            g.partsInMap = (mask & (1 << 7)) != 0;
            g.consentTs = in.readLong();
            g.consentFloor = in.readLong();
            g.visitors = in.readInt();
            g.pendingAt = in.readLong();
            g.soleSlot = readIfPresent(mask, 1, in);
            if (present(mask, 0)) {
                g.summary = Accumulator.INSTANCE.deserialize(in);
            }
            if (present(mask, 2)) {
                RfmBaseline b = new RfmBaseline();
                b.runId = readIfPresent(mask, 3, in);
                b.asOfDay = in.readLong();
                b.frequency = in.readLong();
                b.monetaryUnits = in.readLong();
                b.firstDay = in.readLong();
                b.lastDay = in.readLong();
                b.lifecycleStage = readIfPresent(mask, 4, in);
                g.baseline = b;
            }
            return g;
        }

        @Override
        public TypeSerializerSnapshot<GoldenRecord> snapshotConfiguration() {
            return new GoldenSnapshot();
        }
    }

    /** Snapshot of the golden-record serializer. */
    public static final class GoldenSnapshot extends SimpleTypeSerializerSnapshot<GoldenRecord> {
        public GoldenSnapshot() {
            super(() -> Golden.INSTANCE);
        }
    }

    /** Makes Flink use {@link Golden} for golden records in state. */
    public static final class GoldenRecordFactory extends TypeInfoFactory<GoldenRecord> {
        @Override
        public TypeInformation<GoldenRecord> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(GoldenRecord.class, 11, () -> Golden.INSTANCE);
        }
    }

    /** The {@link ProfileInput} serializer: kind, ids, then what the kind carries. */
    public static final class Input extends FlatSerializer<ProfileInput> {
        private static final long serialVersionUID = 1L;
        public static final Input INSTANCE = new Input();
        private static final ProfileInput.Kind[] KINDS = ProfileInput.Kind.values();

        @Override
        public ProfileInput createInstance() {
            return new ProfileInput();
        }

        @Override
        public ProfileInput copy(ProfileInput f) {
            ProfileInput c = new ProfileInput();
            c.kind = f.kind;
            c.visitorId = f.visitorId;
            c.customerId = f.customerId;
            c.event = f.event == null ? null : EventSerializer.INSTANCE.copy(f.event);
            c.session = f.session == null ? null : SessionSerializer.INSTANCE.copy(f.session);
            c.ts = f.ts;
            c.granted = f.granted;
            c.moveTo = f.moveTo;
            return c;
        }

        @Override
        protected void write(ProfileInput p, DataOutputView out) throws IOException {
            out.writeByte(
                    nullBit(p.kind, 0)
                            | nullBit(p.visitorId, 1)
                            | nullBit(p.customerId, 2)
                            | nullBit(p.event, 3)
                            | nullBit(p.session, 4)
                            | nullBit(p.moveTo, 5));
            if (p.kind != null) {
                out.writeByte(p.kind.ordinal());
            }
            writeIfPresent(p.visitorId, out);
            writeIfPresent(p.customerId, out);
            if (p.event != null) {
                EventSerializer.INSTANCE.serialize(p.event, out);
            }
            if (p.session != null) {
                SessionSerializer.INSTANCE.serialize(p.session, out);
            }
            out.writeLong(p.ts);
            out.writeBoolean(p.granted);
            writeIfPresent(p.moveTo, out);
        }

        @Override
        protected ProfileInput read(DataInputView in) throws IOException {
            int mask = in.readUnsignedByte();
            ProfileInput p = new ProfileInput();
            if (present(mask, 0)) {
                p.kind = KINDS[in.readUnsignedByte()];
            }
            p.visitorId = readIfPresent(mask, 1, in);
            p.customerId = readIfPresent(mask, 2, in);
            if (present(mask, 3)) {
                p.event = EventSerializer.INSTANCE.deserialize(in);
            }
            if (present(mask, 4)) {
                p.session = SessionSerializer.INSTANCE.deserialize(in);
            }
            p.ts = in.readLong();
            p.granted = in.readBoolean();
            p.moveTo = readIfPresent(mask, 5, in);
            return p;
        }

        @Override
        public TypeSerializerSnapshot<ProfileInput> snapshotConfiguration() {
            return new InputSnapshot();
        }
    }

    /** Snapshot of the input serializer. */
    public static final class InputSnapshot extends SimpleTypeSerializerSnapshot<ProfileInput> {
        public InputSnapshot() {
            super(() -> Input.INSTANCE);
        }
    }

    /** Makes Flink use {@link Input} for profile inputs. */
    public static final class InputFactory extends TypeInfoFactory<ProfileInput> {
        @Override
        public TypeInformation<ProfileInput> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(ProfileInput.class, 8, () -> Input.INSTANCE);
        }
    }

    /** The {@link ProfileUpdate} serializer: kind, keys, then what the kind carries. */
    public static final class Update extends FlatSerializer<ProfileUpdate> {
        private static final long serialVersionUID = 1L;
        public static final Update INSTANCE = new Update();
        private static final ProfileUpdate.Kind[] KINDS = ProfileUpdate.Kind.values();

        @Override
        public ProfileUpdate createInstance() {
            return new ProfileUpdate();
        }

        @Override
        public ProfileUpdate copy(ProfileUpdate f) {
            ProfileUpdate c = new ProfileUpdate();
            c.kind = f.kind;
            c.target = f.target;
            c.source = f.source;
            c.event = f.event == null ? null : EventSerializer.INSTANCE.copy(f.event);
            c.session = f.session == null ? null : SessionSerializer.INSTANCE.copy(f.session);
            c.part = f.part == null ? null : f.part.copy();
            c.ts = f.ts;
            c.granted = f.granted;
            return c;
        }

        @Override
        protected void write(ProfileUpdate u, DataOutputView out) throws IOException {
            out.writeByte(
                    nullBit(u.kind, 0)
                            | nullBit(u.target, 1)
                            | nullBit(u.source, 2)
                            | nullBit(u.event, 3)
                            | nullBit(u.session, 4)
                            | nullBit(u.part, 5));
            if (u.kind != null) {
                out.writeByte(u.kind.ordinal());
            }
            writeIfPresent(u.target, out);
            writeIfPresent(u.source, out);
            if (u.event != null) {
                EventSerializer.INSTANCE.serialize(u.event, out);
            }
            if (u.session != null) {
                SessionSerializer.INSTANCE.serialize(u.session, out);
            }
            if (u.part != null) {
                Accumulator.INSTANCE.serialize(u.part, out);
            }
            out.writeLong(u.ts);
            out.writeBoolean(u.granted);
        }

        @Override
        protected ProfileUpdate read(DataInputView in) throws IOException {
            int mask = in.readUnsignedByte();
            ProfileUpdate u = new ProfileUpdate();
            if (present(mask, 0)) {
                u.kind = KINDS[in.readUnsignedByte()];
            }
            u.target = readIfPresent(mask, 1, in);
            u.source = readIfPresent(mask, 2, in);
            if (present(mask, 3)) {
                u.event = EventSerializer.INSTANCE.deserialize(in);
            }
            if (present(mask, 4)) {
                u.session = SessionSerializer.INSTANCE.deserialize(in);
            }
            if (present(mask, 5)) {
                u.part = Accumulator.INSTANCE.deserialize(in);
            }
            u.ts = in.readLong();
            u.granted = in.readBoolean();
            return u;
        }

        @Override
        public TypeSerializerSnapshot<ProfileUpdate> snapshotConfiguration() {
            return new UpdateSnapshot();
        }
    }

    /** Snapshot of the update serializer. */
    public static final class UpdateSnapshot extends SimpleTypeSerializerSnapshot<ProfileUpdate> {
        public UpdateSnapshot() {
            super(() -> Update.INSTANCE);
        }
    }

    /** Makes Flink use {@link Update} for profile updates. */
    public static final class UpdateFactory extends TypeInfoFactory<ProfileUpdate> {
        @Override
        public TypeInformation<ProfileUpdate> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(ProfileUpdate.class, 8, () -> Update.INSTANCE);
        }
    }
}
