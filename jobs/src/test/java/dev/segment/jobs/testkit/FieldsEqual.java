package dev.segment.jobs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * Field-by-field equality of plain records that do not define equals(); a nested record of ours
 * that defines it (e.g. one with private arrays) is compared with it.
 */
public final class FieldsEqual {
    private FieldsEqual() {}

    /** A checker for Flink's serializer tests that compares objects of {@code type} by fields. */
    public static org.apache.flink.testutils.DeeplyEqualsChecker checker(Class<?> type) {
        return new org.apache.flink.testutils.DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> type.isInstance(a) && type.isInstance(b),
                        (a, b, c) -> {
                            try {
                                assertFieldsEqual("", a, b);
                                return true;
                            } catch (AssertionError e) {
                                return false;
                            }
                        });
    }

    /**
     * Every non-static field of {@code should} and {@code is} is equal (and the class); fields that
     * hold records of this project are compared field by field in turn.
     */
    public static void assertFieldsEqual(String message, Object should, Object is) {
        if (should == null || is == null) {
            assertEquals(should, is, message);
            return;
        }
        assertEquals(should.getClass(), is.getClass(), message);
        for (Field f : should.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                Object a = f.get(should);
                Object b = f.get(is);
                if (a != null
                        && a.getClass().getName().startsWith("dev.segment.")
                        && !a.getClass().isEnum()
                        && !definesEquals(a.getClass())) {
                    assertFieldsEqual(message + ": " + f.getName(), a, b); // our own records
                } else if (a != null && a.getClass().isArray()) {
                    assertTrue(
                            Objects.deepEquals(a, b),
                            message + ": " + f.getName() + " differs (arrays)");
                } else {
                    assertEquals(a, b, message + ": " + f.getName());
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static boolean definesEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
