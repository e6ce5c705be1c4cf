package dev.segment.jobs.segmentation;

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
 * The {@link FeatureRow} serializer: a mask of the fields that are null, the revenue and the
 * consent flag, the features as eight bytes each, then the texts present.
 */
public final class FeatureRowSerializer extends FlatSerializer<FeatureRow> {
    private static final long serialVersionUID = 1L;

    public static final FeatureRowSerializer INSTANCE = new FeatureRowSerializer();

    /** Fields written: every instance field of {@link FeatureRow}. */
    public static final int FIELDS = 8;

    @Override
    public FeatureRow createInstance() {
        return new FeatureRow();
    }

    @Override
    public FeatureRow copy(FeatureRow from) {
        FeatureRow c = new FeatureRow();
        c.customerId = from.customerId;
        c.rfmSegment = from.rfmSegment;
        c.lifecycleStage = from.lifecycleStage;
        c.customerProfile = from.customerProfile;
        c.behaviour = from.behaviour;
        c.revenue = from.revenue;
        c.withdrawn = from.withdrawn;
        c.features = from.features == null ? null : from.features.clone();
        return c;
    }

    @Override
    protected void write(FeatureRow r, DataOutputView out) throws IOException {
        out.writeShort(
                nullBit(r.customerId, 0)
                        | nullBit(r.rfmSegment, 1)
                        | nullBit(r.lifecycleStage, 2)
                        | nullBit(r.customerProfile, 3)
                        | nullBit(r.behaviour, 4)
                        | nullBit(r.features, 5));
        out.writeDouble(r.revenue);
        out.writeBoolean(r.withdrawn);
        if (r.features != null) {
            writeDoubles(r.features, out);
        }
        writeIfPresent(r.customerId, out);
        writeIfPresent(r.rfmSegment, out);
        writeIfPresent(r.lifecycleStage, out);
        writeIfPresent(r.customerProfile, out);
        writeIfPresent(r.behaviour, out);
    }

    @Override
    protected FeatureRow read(DataInputView in) throws IOException {
        int mask = in.readUnsignedShort();
        FeatureRow r = new FeatureRow();
        r.revenue = in.readDouble();
        r.withdrawn = in.readBoolean();
        r.features = present(mask, 5) ? readDoubles(in) : null;
        r.customerId = readIfPresent(mask, 0, in);
        r.rfmSegment = readIfPresent(mask, 1, in);
        r.lifecycleStage = readIfPresent(mask, 2, in);
        r.customerProfile = readIfPresent(mask, 3, in);
        r.behaviour = readIfPresent(mask, 4, in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<FeatureRow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureRow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever a {@link FeatureRow} travels. */
    public static final class Factory extends TypeInfoFactory<FeatureRow> {
        @Override
        public TypeInformation<FeatureRow> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(FeatureRow.class, FIELDS, () -> INSTANCE);
        }
    }
}
