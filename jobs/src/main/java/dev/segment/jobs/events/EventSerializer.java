package dev.segment.jobs.events;

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

/** The {@link Event} serializer: a null mask, the time and type, then the fields present. */
public final class EventSerializer extends FlatSerializer<Event> {
    private static final long serialVersionUID = 1L;

    public static final EventSerializer INSTANCE = new EventSerializer();

    private static final EventType[] TYPES = EventType.values();

    @Override
    public Event createInstance() {
        return new Event();
    }

    @Override
    public Event copy(Event f) {
        Event e = new Event();
        e.eventId = f.eventId;
        e.ts = f.ts;
        e.type = f.type;
        e.visitorId = f.visitorId;
        e.customerId = f.customerId;
        e.sessionId = f.sessionId;
        e.page = f.page;
        e.productId = f.productId;
        e.category = f.category;
        e.price = f.price;
        e.orderId = f.orderId;
        e.amount = f.amount;
        e.device = f.device;
        e.referrer = f.referrer;
        e.country = f.country;
        e.consent = f.consent;
        return e;
    }

    @Override
    protected void write(Event e, DataOutputView out) throws IOException {
        int mask =
                nullBit(e.eventId, 0)
                        | nullBit(e.type, 1)
                        | nullBit(e.visitorId, 2)
                        | nullBit(e.customerId, 3)
                        | nullBit(e.sessionId, 4)
                        | nullBit(e.page, 5)
                        | nullBit(e.productId, 6)
                        | nullBit(e.category, 7)
                        | nullBit(e.price, 8)
                        | nullBit(e.orderId, 9)
                        | nullBit(e.amount, 10)
                        | nullBit(e.device, 11)
                        | nullBit(e.referrer, 12)
                        | nullBit(e.country, 13)
                        | nullBit(e.consent, 14);
        out.writeShort(mask);
        out.writeLong(e.ts);
        if (e.type != null) {
            out.writeByte(e.type.ordinal());
        }
        writeIfPresent(e.eventId, out);
        writeIfPresent(e.visitorId, out);
        writeIfPresent(e.customerId, out);
        writeIfPresent(e.sessionId, out);
        writeIfPresent(e.page, out);
        writeIfPresent(e.productId, out);
        writeIfPresent(e.category, out);
        writeIfPresent(e.price, out);
        writeIfPresent(e.orderId, out);
        writeIfPresent(e.amount, out);
        writeIfPresent(e.device, out);
        writeIfPresent(e.referrer, out);
        writeIfPresent(e.country, out);
        if (e.consent != null) {
            out.writeBoolean(e.consent);
        }
    }

    @Override
    protected Event read(DataInputView in) throws IOException {
        int mask = in.readUnsignedShort();
        Event e = new Event();
        e.ts = in.readLong();
        if (present(mask, 1)) {
            e.type = TYPES[in.readUnsignedByte()];
        }
        e.eventId = readIfPresent(mask, 0, in);
        e.visitorId = readIfPresent(mask, 2, in);
        e.customerId = readIfPresent(mask, 3, in);
        e.sessionId = readIfPresent(mask, 4, in);
        e.page = readIfPresent(mask, 5, in);
        e.productId = readIfPresent(mask, 6, in);
        e.category = readIfPresent(mask, 7, in);
        e.price = readDoubleIfPresent(mask, 8, in);
        e.orderId = readIfPresent(mask, 9, in);
        e.amount = readDoubleIfPresent(mask, 10, in);
        e.device = readIfPresent(mask, 11, in);
        e.referrer = readIfPresent(mask, 12, in);
        e.country = readIfPresent(mask, 13, in);
        if (present(mask, 14)) {
            e.consent = in.readBoolean();
        }
        return e;
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) event serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever an {@link Event} travels or is stored. */
    public static final class Factory extends TypeInfoFactory<Event> {
        @Override
        public TypeInformation<Event> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(Event.class, 16, () -> INSTANCE);
        }
    }
}
