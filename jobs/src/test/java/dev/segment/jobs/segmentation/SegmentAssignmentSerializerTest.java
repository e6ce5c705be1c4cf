package dev.segment.jobs.segmentation;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.common.model.SegmentAssignmentSerializer;
import dev.segment.jobs.testkit.FlatSerializerTestBase;

/**
 * Flink's serializer suite and the every-field checks on the {@link SegmentAssignmentSerializer}.
 */
class SegmentAssignmentSerializerTest extends FlatSerializerTestBase<SegmentAssignment> {
    SegmentAssignmentSerializerTest() {
        super(
                SegmentAssignment.class,
                SegmentAssignmentSerializer.INSTANCE,
                SegmentAssignmentSerializer.FIELDS);
    }
}
