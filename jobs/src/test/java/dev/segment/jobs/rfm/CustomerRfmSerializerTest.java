package dev.segment.jobs.rfm;

import dev.segment.common.model.CustomerRfm;
import dev.segment.common.model.CustomerRfmSerializer;
import dev.segment.jobs.testkit.FlatSerializerTestBase;

/** Flink's serializer suite and the every-field checks on the {@link CustomerRfmSerializer}. */
class CustomerRfmSerializerTest extends FlatSerializerTestBase<CustomerRfm> {
    CustomerRfmSerializerTest() {
        super(CustomerRfm.class, CustomerRfmSerializer.INSTANCE, CustomerRfmSerializer.FIELDS);
    }
}
