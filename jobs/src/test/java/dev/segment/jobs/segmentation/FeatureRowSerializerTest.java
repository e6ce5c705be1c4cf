package dev.segment.jobs.segmentation;

import dev.segment.jobs.testkit.FlatSerializerTestBase;

/** Flink's serializer suite and the every-field checks on the {@link FeatureRowSerializer}. */
class FeatureRowSerializerTest extends FlatSerializerTestBase<FeatureRow> {
    FeatureRowSerializerTest() {
        super(FeatureRow.class, FeatureRowSerializer.INSTANCE, FeatureRowSerializer.FIELDS);
    }
}
