package dev.segment.common.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Base of the hand-written serializers of records that cross the jobs' shuffles in bulk (the
 * clickstream's events and sessions, the batch jobs' per-customer rows). Flink's POJO serializer
 * sets each field by reflection, writes a null flag per field and builds a default instance of
 * every nested field before it reads it, which cost a quarter of the clickstream job and was the
 * largest single cost of the batch jobs' later stages; these write a record's fields in a fixed
 * order, with nulls in a bit mask, and read them back directly.
 *
 * <p>Field order is the format: a change of fields needs a new serializer version and snapshot.
 */
public abstract class FlatSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Writes {@code value}'s fields. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads the fields {@link #write} wrote into a new instance. */
    protected abstract T read(DataInputView in) throws IOException;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Bit {@code i} of a null mask: set when {@code value} is null. */
    protected static int nullBit(Object value, int i) {
        return value == null ? 1 << i : 0;
    }

    protected static boolean present(int mask, int i) {
        return (mask & (1 << i)) == 0;
    }

    protected static void writeIfPresent(String s, DataOutputView out) throws IOException {
        if (s != null) {
            StringValue.writeString(s, out);
        }
    }

    protected static String readIfPresent(int mask, int i, DataInputView in) throws IOException {
        return present(mask, i) ? StringValue.readString(in) : null;
    }

    /**
     * Writes a whole number that is not null as a variable-length number ({@link #writeVarLong}).
     */
    protected static void writeIfPresent(Integer v, DataOutputView out) throws IOException {
        if (v != null) {
            writeVarLong(v, out);
        }
    }

    /**
     * Writes a whole number that is not null as a variable-length number ({@link #writeVarLong}).
     */
    protected static void writeIfPresent(Long v, DataOutputView out) throws IOException {
        if (v != null) {
            writeVarLong(v, out);
        }
    }

    /** Writes a decimal that is not null in eight bytes. */
    protected static void writeIfPresent(Double v, DataOutputView out) throws IOException {
        if (v != null) {
            out.writeDouble(v);
        }
    }

    /** Reads what {@link #writeIfPresent(Integer, DataOutputView)} wrote, or null. */
    protected static Integer readIntIfPresent(int mask, int i, DataInputView in)
            throws IOException {
        return present(mask, i) ? (int) readVarLong(in) : null;
    }

    /** Reads what {@link #writeIfPresent(Long, DataOutputView)} wrote, or null. */
    protected static Long readLongIfPresent(int mask, int i, DataInputView in) throws IOException {
        return present(mask, i) ? readVarLong(in) : null;
    }

    /** Reads what {@link #writeIfPresent(Double, DataOutputView)} wrote, or null. */
    protected static Double readDoubleIfPresent(int mask, int i, DataInputView in)
            throws IOException {
        return present(mask, i) ? in.readDouble() : null;
    }

    /**
     * Writes {@code v} in 1-10 bytes, zigzag-coded so that small negative values are short too:
     * lengths, day gaps and money amounts are mostly a byte or three instead of eight.
     */
    protected static void writeVarLong(long v, DataOutputView out) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.writeByte((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
    }

    /** Reads what {@link #writeVarLong} wrote. */
    protected static long readVarLong(DataInputView in) throws IOException {
        long z = 0;
        int shift = 0;
        int b;
        do {
            if (shift > 63) {
                throw new IOException("malformed variable-length number");
            }
            b = in.readUnsignedByte();
            z |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (z >>> 1) ^ -(z & 1);
    }

    /**
     * Writes an int array: its length, then each value as its gap from the one before (any order;
     * short when ascending, as days are).
     */
    protected static void writeIntGaps(int[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        long previous = 0;
        for (int v : values) {
            writeVarLong(v - previous, out);
            previous = v;
        }
    }

    /** Reads what {@link #writeIntGaps} wrote. */
    protected static int[] readIntGaps(DataInputView in) throws IOException {
        int[] values = new int[length(in)];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            previous += readVarLong(in);
            values[i] = (int) previous;
        }
        return values;
    }

    /** Writes a long array: its length, then each value as a variable-length number. */
    protected static void writeVarLongs(long[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        for (long v : values) {
            writeVarLong(v, out);
        }
    }

    /** Reads what {@link #writeVarLongs} wrote. */
    protected static long[] readVarLongs(DataInputView in) throws IOException {
        long[] values = new long[length(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = readVarLong(in);
        }
        return values;
    }

    /** Writes a long array of hashes (no gain from variable length): length, then 8 bytes each. */
    protected static void writeLongs(long[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    /** Reads what {@link #writeLongs} wrote. */
    protected static long[] readLongs(DataInputView in) throws IOException {
        long[] values = new long[length(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /** Writes a double array: its length, then 8 bytes each. */
    protected static void writeDoubles(double[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    /** Reads what {@link #writeDoubles} wrote. */
    protected static double[] readDoubles(DataInputView in) throws IOException {
        double[] values = new double[length(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static int length(DataInputView in) throws IOException {
        long n = readVarLong(in);
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IOException("malformed array length " + n);
        }
        return (int) n;
    }
}
