package dev.segment.jobs.testkit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.segment.common.serialization.FlatTypeInfo;
import java.lang.reflect.Array;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's own serializer suite (round trips, copies, snapshots and restore, concurrent use) on a
 * {@link dev.segment.common.serialization.FlatSerializer} of a plain record, with a fresh instance
 * and random records; plus: every field of the record is written, the declared field count is the
 * record's, and Flink picks the serializer for the type.
 */
public abstract class FlatSerializerTestBase<T> extends SerializerTestBase<T> {
    private final Class<T> type;
    private final TypeSerializer<T> serializer;
    private final int declaredFields;

    protected FlatSerializerTestBase(
            Class<T> type, TypeSerializer<T> serializer, int declaredFields) {
        super(FieldsEqual.checker(type));
        this.type = type;
        this.serializer = serializer;
        this.declaredFields = declaredFields;
    }

    @Override
    protected TypeSerializer<T> createSerializer() {
        return serializer;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<T> getTypeClass() {
        return type;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected T[] getTestData() {
        Random r = new Random(5);
        T[] data = (T[]) Array.newInstance(type, 60);
        try {
            data[0] = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        for (int i = 1; i < data.length; i++) {
            data[i] = RandomRecords.random(type, r);
        }
        return data;
    }

    @Override
    protected void deepEquals(String message, T should, T is) {
        FieldsEqual.assertFieldsEqual(message, should, is);
    }

    @Test
    void everyFieldIsWritten() throws Exception {
        RandomRecords.everyFieldSurvives(type, serializer);
    }

    @Test
    void aCopyOwnsItsArrays() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 20; i++) {
            T original = RandomRecords.random(type, r);
            T copy = serializer.copy(original);
            deepEquals("copy", original, copy);
            for (java.lang.reflect.Field f : RandomRecords.fields(type)) {
                Object a = f.get(original);
                if (a != null && a.getClass().isArray()) {
                    org.junit.jupiter.api.Assertions.assertNotSame(
                            a, f.get(copy), f.getName() + " shared with the copy");
                }
            }
        }
    }

    @Test
    void declaresEveryField() {
        RandomRecords.countsEveryField(type, declaredFields);
    }

    @Test
    void flinkPicksThisSerializer() {
        assertInstanceOf(FlatTypeInfo.class, TypeInformation.of(type));
    }
}
