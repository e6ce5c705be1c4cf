package dev.segment.common.model;

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
 * The {@link SegmentAssignment} serializer: a mask of the fields that are null, then the present
 * ones (the cluster as a variable-length number, decimals as eight bytes, texts last).
 */
public final class SegmentAssignmentSerializer extends FlatSerializer<SegmentAssignment> {
    private static final long serialVersionUID = 1L;

    public static final SegmentAssignmentSerializer INSTANCE = new SegmentAssignmentSerializer();

    /** Fields written: every instance field of {@link SegmentAssignment}. */
    public static final int FIELDS = 10;

    @Override
    public SegmentAssignment createInstance() {
        return new SegmentAssignment();
    }

    @Override
    public SegmentAssignment copy(SegmentAssignment from) {
        SegmentAssignment c = new SegmentAssignment();
        c.customerId = from.customerId;
        c.persona = from.persona;
        c.rfmSegment = from.rfmSegment;
        c.lifecycleStage = from.lifecycleStage;
        c.customerProfile = from.customerProfile;
        c.explanation = from.explanation;
        c.topFeatures = from.topFeatures;
        c.clusterId = from.clusterId;
        c.distance = from.distance;
        c.confidence = from.confidence;
        return c;
    }

    @Override
    protected void write(SegmentAssignment r, DataOutputView out) throws IOException {
        out.writeShort(
                nullBit(r.customerId, 0)
                        | nullBit(r.persona, 1)
                        | nullBit(r.rfmSegment, 2)
                        | nullBit(r.lifecycleStage, 3)
                        | nullBit(r.customerProfile, 4)
                        | nullBit(r.explanation, 5)
                        | nullBit(r.topFeatures, 6)
                        | nullBit(r.clusterId, 7)
                        | nullBit(r.distance, 8)
                        | nullBit(r.confidence, 9));
        writeIfPresent(r.clusterId, out);
        writeIfPresent(r.distance, out);
        writeIfPresent(r.confidence, out);
        writeIfPresent(r.customerId, out);
        writeIfPresent(r.persona, out);
        writeIfPresent(r.rfmSegment, out);
        writeIfPresent(r.lifecycleStage, out);
        writeIfPresent(r.customerProfile, out);
        writeIfPresent(r.explanation, out);
        writeIfPresent(r.topFeatures, out);
    }

    @Override
    protected SegmentAssignment read(DataInputView in) throws IOException {
        int mask = in.readUnsignedShort();
        SegmentAssignment r = new SegmentAssignment();
        r.clusterId = readIntIfPresent(mask, 7, in);
        r.distance = readDoubleIfPresent(mask, 8, in);
        r.confidence = readDoubleIfPresent(mask, 9, in);
        r.customerId = readIfPresent(mask, 0, in);
        r.persona = readIfPresent(mask, 1, in);
        r.rfmSegment = readIfPresent(mask, 2, in);
        r.lifecycleStage = readIfPresent(mask, 3, in);
        r.customerProfile = readIfPresent(mask, 4, in);
        r.explanation = readIfPresent(mask, 5, in);
        r.topFeatures = readIfPresent(mask, 6, in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<SegmentAssignment> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SegmentAssignment> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever a {@link SegmentAssignment} travels. */
    public static final class Factory extends TypeInfoFactory<SegmentAssignment> {
        @Override
        public TypeInformation<SegmentAssignment> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(SegmentAssignment.class, FIELDS, () -> INSTANCE);
        }
    }
}
