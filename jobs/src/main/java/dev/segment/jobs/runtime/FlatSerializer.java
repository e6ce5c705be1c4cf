package dev.segment.jobs.runtime;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Base of the hand-written serializers of records that cross every shuffle of the clickstream job
 * (events, sessions). Flink's POJO serializer sets each field by reflection and builds a default
 * instance of every nested field before it reads it, which cost a quarter of the job; these write a
 * record's fields in a fixed order, with nulls in a bit mask, and read them back directly.
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
}
