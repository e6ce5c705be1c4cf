package dev.segment.jobs.rfm;

import dev.segment.jobs.testkit.FlatSerializerTestBase;

/** Flink's serializer suite and the every-field checks on the {@link CustomerPartialSerializer}. */
class CustomerPartialSerializerTest extends FlatSerializerTestBase<CustomerPartial> {
    CustomerPartialSerializerTest() {
        super(
                CustomerPartial.class,
                CustomerPartialSerializer.INSTANCE,
                CustomerPartialSerializer.FIELDS);
    }
}
