package dev.segment.common.serialization;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.function.SerializableSupplier;

/** Type information of a record with a {@link FlatSerializer} (not a key type). */
public final class FlatTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final int fields;
    private final SerializableSupplier<? extends TypeSerializer<T>> serializer;

    public FlatTypeInfo(
            Class<T> type,
            int fields,
            SerializableSupplier<? extends TypeSerializer<T>> serializer) {
        this.type = type;
        this.fields = fields;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return fields;
    }

    @Override
    public int getTotalFields() {
        return fields;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.get();
    }

    @Override
    public String toString() {
        return "FlatTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(FlatTypeInfo.class, type);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof FlatTypeInfo;
    }
}
