package dev.segment.jobs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Plain records (public fields) filled with random values by reflection, so that a serializer test
 * covers every field the record has, including one added after the serializer was written.
 */
public final class RandomRecords {
    private RandomRecords() {}

    /** The record's instance fields. */
    public static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                out.add(f);
            }
        }
        return out;
    }

    /** A new record with every field set to a random value (nullable ones null in a quarter). */
    public static <T> T random(Class<T> type, Random r) {
        try {
            T value = type.getConstructor().newInstance();
            for (Field f : fields(type)) {
                boolean nullable = !f.getType().isPrimitive();
                f.set(value, nullable && r.nextInt(4) == 0 ? null : valueFor(f.getType(), r));
            }
            return value;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Each field on its own survives a round trip through {@code serializer}: a record with only
     * that field changed from a fresh instance's value reads back with the change. Fails for a
     * field the serializer does not write.
     */
    public static <T> void everyFieldSurvives(Class<T> type, TypeSerializer<T> serializer)
            throws IOException {
        Random r = new Random(11);
        for (Field f : fields(type)) {
            int checked = 0;
            try {
                for (int attempt = 0; attempt < 40 && checked < 5; attempt++) {
                    T fresh = type.getConstructor().newInstance();
                    Object before = f.get(fresh);
                    Object v = valueFor(f.getType(), r);
                    if (java.util.Objects.deepEquals(v, before)) {
                        continue;
                    }
                    f.set(fresh, v);
                    DataOutputSerializer out = new DataOutputSerializer(64);
                    serializer.serialize(fresh, out);
                    T back =
                            serializer.deserialize(
                                    new DataInputDeserializer(out.getCopyOfBuffer()));
                    assertFalse(
                            java.util.Objects.deepEquals(before, f.get(back)),
                            type.getSimpleName() + "." + f.getName() + " was not written");
                    FieldsEqual.assertFieldsEqual(f.getName(), fresh, back);
                    checked++;
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            assertEquals(5, checked, f.getName() + ": values tried");
        }
    }

    /** {@code declared} (a serializer's field count) is the record's number of instance fields. */
    public static void countsEveryField(Class<?> type, int declared) {
        assertEquals(fields(type).size(), declared, type.getSimpleName() + " fields");
    }

    private static Object valueFor(Class<?> t, Random r) {
        if (t == String.class) {
            return r.nextInt(5) == 0
                    ? ""
                    : "v" + r.nextInt(1000) + (r.nextBoolean() ? "\u00e9\u4e2d" : "");
        } else if (t == int.class || t == Integer.class) {
            return anInt(r);
        } else if (t == long.class || t == Long.class) {
            return aLong(r);
        } else if (t == double.class || t == Double.class) {
            return r.nextInt(10) == 0 ? Double.NaN : r.nextGaussian() * 1000;
        } else if (t == boolean.class || t == Boolean.class) {
            return r.nextBoolean();
        } else if (t == byte.class || t == Byte.class) {
            return (byte) (1 + r.nextInt(100));
        } else if (t == int[].class) {
            int[] a = new int[r.nextInt(6)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextBoolean() ? anInt(r) : 19_000 + r.nextInt(800);
            }
            return a;
        } else if (t == long[].class) {
            long[] a = new long[r.nextInt(6)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextBoolean() ? aLong(r) : r.nextInt(100_000);
            }
            return a;
        } else if (t == double[].class) {
            double[] a = new double[r.nextInt(9)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            return a;
        }
        throw new AssertionError("no random value for " + t);
    }

    // small, large, negative, and the extremes variable-length codes must survive
    private static int anInt(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> r.nextInt();
            default -> r.nextInt(40_000) - 100;
        };
    }

    private static long aLong(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> r.nextLong();
            default -> (long) r.nextInt(1_000_000) - 5;
        };
    }
}
