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
 * The {@link CustomerRfm} serializer: a mask of the fields that are null (every field is nullable:
 * a definition fills only its own), then the present ones: whole numbers as variable-length
 * numbers, decimals as eight bytes, texts last.
 */
public final class CustomerRfmSerializer extends FlatSerializer<CustomerRfm> {
    private static final long serialVersionUID = 1L;

    public static final CustomerRfmSerializer INSTANCE = new CustomerRfmSerializer();

    /** Fields written: every instance field of {@link CustomerRfm}. */
    public static final int FIELDS = 25;

    @Override
    public CustomerRfm createInstance() {
        return new CustomerRfm();
    }

    @Override
    public CustomerRfm copy(CustomerRfm from) {
        CustomerRfm c = new CustomerRfm();
        c.customerId = from.customerId;
        c.definition = from.definition;
        c.rfmSegment = from.rfmSegment;
        c.consent = from.consent;
        c.recencyDays = from.recencyDays;
        c.frequency = from.frequency;
        c.tenureDays = from.tenureDays;
        c.firstPurchaseDay = from.firstPurchaseDay;
        c.lastPurchaseDay = from.lastPurchaseDay;
        c.previousPurchaseDay = from.previousPurchaseDay;
        c.asOfDay = from.asOfDay;
        c.recencyScore = from.recencyScore;
        c.frequencyScore = from.frequencyScore;
        c.monetaryScore = from.monetaryScore;
        c.rfmScore = from.rfmScore;
        c.monetary = from.monetary;
        c.avgOrderValue = from.avgOrderValue;
        c.ltFrequency = from.ltFrequency;
        c.ltRecency = from.ltRecency;
        c.ltT = from.ltT;
        c.ltMonetaryValue = from.ltMonetaryValue;
        c.ltFrequencyHoldout = from.ltFrequencyHoldout;
        c.ltMonetaryValueHoldout = from.ltMonetaryValueHoldout;
        c.ltDurationHoldout = from.ltDurationHoldout;
        c.consentChangedAt = from.consentChangedAt;
        return c;
    }

    @Override
    protected void write(CustomerRfm r, DataOutputView out) throws IOException {
        out.writeInt(
                nullBit(r.customerId, 0)
                        | nullBit(r.definition, 1)
                        | nullBit(r.rfmSegment, 2)
                        | nullBit(r.consent, 3)
                        | nullBit(r.recencyDays, 4)
                        | nullBit(r.frequency, 5)
                        | nullBit(r.tenureDays, 6)
                        | nullBit(r.firstPurchaseDay, 7)
                        | nullBit(r.lastPurchaseDay, 8)
                        | nullBit(r.previousPurchaseDay, 9)
                        | nullBit(r.asOfDay, 10)
                        | nullBit(r.recencyScore, 11)
                        | nullBit(r.frequencyScore, 12)
                        | nullBit(r.monetaryScore, 13)
                        | nullBit(r.rfmScore, 14)
                        | nullBit(r.monetary, 15)
                        | nullBit(r.avgOrderValue, 16)
                        | nullBit(r.ltFrequency, 17)
                        | nullBit(r.ltRecency, 18)
                        | nullBit(r.ltT, 19)
                        | nullBit(r.ltMonetaryValue, 20)
                        | nullBit(r.ltFrequencyHoldout, 21)
                        | nullBit(r.ltMonetaryValueHoldout, 22)
                        | nullBit(r.ltDurationHoldout, 23)
                        | nullBit(r.consentChangedAt, 24));
        writeIfPresent(r.recencyDays, out);
        writeIfPresent(r.frequency, out);
        writeIfPresent(r.tenureDays, out);
        writeIfPresent(r.firstPurchaseDay, out);
        writeIfPresent(r.lastPurchaseDay, out);
        writeIfPresent(r.previousPurchaseDay, out);
        writeIfPresent(r.asOfDay, out);
        writeIfPresent(r.recencyScore, out);
        writeIfPresent(r.frequencyScore, out);
        writeIfPresent(r.monetaryScore, out);
        writeIfPresent(r.rfmScore, out);
        writeIfPresent(r.consentChangedAt, out);
        writeIfPresent(r.monetary, out);
        writeIfPresent(r.avgOrderValue, out);
        writeIfPresent(r.ltFrequency, out);
        writeIfPresent(r.ltRecency, out);
        writeIfPresent(r.ltT, out);
        writeIfPresent(r.ltMonetaryValue, out);
        writeIfPresent(r.ltFrequencyHoldout, out);
        writeIfPresent(r.ltMonetaryValueHoldout, out);
        writeIfPresent(r.ltDurationHoldout, out);
        writeIfPresent(r.customerId, out);
        writeIfPresent(r.definition, out);
        writeIfPresent(r.rfmSegment, out);
        writeIfPresent(r.consent, out);
    }

    @Override
    protected CustomerRfm read(DataInputView in) throws IOException {
        int mask = in.readInt();
        CustomerRfm r = new CustomerRfm();
        r.recencyDays = readIntIfPresent(mask, 4, in);
        r.frequency = readIntIfPresent(mask, 5, in);
        r.tenureDays = readIntIfPresent(mask, 6, in);
        r.firstPurchaseDay = readIntIfPresent(mask, 7, in);
        r.lastPurchaseDay = readIntIfPresent(mask, 8, in);
        r.previousPurchaseDay = readIntIfPresent(mask, 9, in);
        r.asOfDay = readIntIfPresent(mask, 10, in);
        r.recencyScore = readIntIfPresent(mask, 11, in);
        r.frequencyScore = readIntIfPresent(mask, 12, in);
        r.monetaryScore = readIntIfPresent(mask, 13, in);
        r.rfmScore = readIntIfPresent(mask, 14, in);
        r.consentChangedAt = readLongIfPresent(mask, 24, in);
        r.monetary = readDoubleIfPresent(mask, 15, in);
        r.avgOrderValue = readDoubleIfPresent(mask, 16, in);
        r.ltFrequency = readDoubleIfPresent(mask, 17, in);
        r.ltRecency = readDoubleIfPresent(mask, 18, in);
        r.ltT = readDoubleIfPresent(mask, 19, in);
        r.ltMonetaryValue = readDoubleIfPresent(mask, 20, in);
        r.ltFrequencyHoldout = readDoubleIfPresent(mask, 21, in);
        r.ltMonetaryValueHoldout = readDoubleIfPresent(mask, 22, in);
        r.ltDurationHoldout = readDoubleIfPresent(mask, 23, in);
        r.customerId = readIfPresent(mask, 0, in);
        r.definition = readIfPresent(mask, 1, in);
        r.rfmSegment = readIfPresent(mask, 2, in);
        r.consent = readIfPresent(mask, 3, in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<CustomerRfm> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (parameterless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CustomerRfm> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever a {@link CustomerRfm} travels. */
    public static final class Factory extends TypeInfoFactory<CustomerRfm> {
        @Override
        public TypeInformation<CustomerRfm> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new FlatTypeInfo<>(CustomerRfm.class, FIELDS, () -> INSTANCE);
        }
    }
}
