package dev.segment.jobs.rfm;

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

/**
 * The {@link CustomerPartial} serializer: a null mask, the figures, then the arrays with
 * variable-length numbers (days as gaps, money as it is; most amounts take one to three bytes),
 * order keys as variable-length numbers when they are numeric ids and at eight bytes each when any
 * is a hash (a hash has the top bit set and would take ten), and the row fingerprints at eight
 * bytes each.
 */
public final class CustomerPartialSerializer extends FlatSerializer<CustomerPartial> {
    private static final long serialVersionUID = 1L;

    public static final CustomerPartialSerializer INSTANCE = new CustomerPartialSerializer();

    /** Fields written: every instance field of {@link CustomerPartial}. */
    public static final int FIELDS = 10;

    // mask bit: the order keys are written at eight bytes each
    private static final int HASHED_ORDERS = 1 << 5;

    private static boolean hashed(long[] orders) {
        if (orders != null) {
            for (long o : orders) {
                if (o < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public CustomerPartial createInstance() {
        return new CustomerPartial();
    }

    @Override
    public CustomerPartial copy(CustomerPartial from) {
        CustomerPartial c = from.copy();
        // copy() shares the arrays (its callers own the record); a serializer copy must not
        c.orders = from.orders == null ? null : from.orders.clone();
        c.days = from.days == null ? null : from.days.clone();
        c.dayUnits = from.dayUnits == null ? null : from.dayUnits.clone();
        c.prints = from.prints == null ? null : from.prints.clone();
        return c;
    }

    @Override
    protected void write(CustomerPartial p, DataOutputView out) throws IOException {
        boolean hashedOrders = hashed(p.orders);
        out.writeByte(
                nullBit(p.customerId, 0)
                        | nullBit(p.orders, 1)
                        | nullBit(p.days, 2)
                        | nullBit(p.dayUnits, 3)
                        | nullBit(p.prints, 4)
                        | (hashedOrders ? HASHED_ORDERS : 0));
        writeVarLong(p.rows, out);
        writeVarLong(p.units, out);
        writeVarLong(p.orderCount, out);
        out.writeByte(p.consent);
        out.writeLong(p.consentAt);
        writeIfPresent(p.customerId, out);
        if (p.orders != null) {
            if (hashedOrders) {
                writeLongs(p.orders, out);
            } else {
                writeVarLongs(p.orders, out);
            }
        }
        if (p.days != null) {
            writeIntGaps(p.days, out);
        }
        if (p.dayUnits != null) {
            writeVarLongs(p.dayUnits, out);
        }
        if (p.prints != null) {
            writeLongs(p.prints, out);
        }
    }

    @Override
    protected CustomerPartial read(DataInputView in) throws IOException {
        int mask = in.readUnsignedByte();
        CustomerPartial p = new CustomerPartial();
        p.rows = readVarLong(in);
        p.units = readVarLong(in);
        p.orderCount = (int) readVarLong(in);
        p.consent = in.readByte();
        p.consentAt = in.readLong();
        p.customerId = readIfPresent(mask, 0, in);
        p.orders =
                !present(mask, 1)
                        ? null
                        : (mask & HASHED_ORDERS) != 0 ? readLongs(in) : readVarLongs(in);
        p.days = present(mask, 2) ? readIntGaps(in) : null;
        p.dayUnits = present(mask, 3) ? readVarLongs(in) : null;
        p.prints = present(mask, 4) ? readLongs(in) : null;
        return p;
    }

    @Override
    public TypeSerializerSnapshot<CustomerPartial> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CustomerPartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever a {@link CustomerPartial} travels. */
    public static final class Factory extends TypeInfoFactory<CustomerPartial> {
        @Override
        public TypeInformation<CustomerPartial> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(CustomerPartial.class, FIELDS, () -> INSTANCE);
        }
    }
}
