package dev.segment.jobs.segmentation.kmeans;

import java.io.Serializable;
import java.util.function.Predicate;

/**
 * A typed, documented, validated parameter (Flink ML's Param shape, written for Flink 2.x).
 *
 * @param <T> value type
 */
public final class Param<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final String description;
    public final T defaultValue;
    private final SerializablePredicate<T> validator;
    private final String rule;

    /** A predicate that can travel with a Flink operator. */
    public interface SerializablePredicate<T> extends Predicate<T>, Serializable {}

    public Param(
            String name,
            String description,
            T defaultValue,
            String rule,
            SerializablePredicate<T> validator) {
        this.name = name;
        this.description = description;
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.validator = validator;
    }

    /** Returns {@code value} or throws naming the parameter, the rule and the value. */
    public T validate(T value) {
        if (value == null || !validator.test(value)) {
            throw new IllegalArgumentException(name + " must be " + rule + " but was " + value);
        }
        return value;
    }
}
