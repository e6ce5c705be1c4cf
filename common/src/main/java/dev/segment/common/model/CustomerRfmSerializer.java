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
        if (r.recencyDays != null) {
            writeVarLong(r.recencyDays, out);
        }
        if (r.frequency != null) {
            writeVarLong(r.frequency, out);
        }
        if (r.tenureDays != null) {
            writeVarLong(r.tenureDays, out);
        }
        if (r.firstPurchaseDay != null) {
            writeVarLong(r.firstPurchaseDay, out);
        }
        if (r.lastPurchaseDay != null) {
            writeVarLong(r.lastPurchaseDay, out);
        }
        if (r.previousPurchaseDay != null) {
            writeVarLong(r.previousPurchaseDay, out);
        }
        if (r.asOfDay != null) {
            writeVarLong(r.asOfDay, out);
        }
        if (r.recencyScore != null) {
            writeVarLong(r.recencyScore, out);
        }
        if (r.frequencyScore != null) {
            writeVarLong(r.frequencyScore, out);
        }
        if (r.monetaryScore != null) {
            writeVarLong(r.monetaryScore, out);
        }
        if (r.rfmScore != null) {
            writeVarLong(r.rfmScore, out);
        }
        if (r.consentChangedAt != null) {
            writeVarLong(r.consentChangedAt, out);
        }
        if (r.monetary != null) {
            out.writeDouble(r.monetary);
        }
        if (r.avgOrderValue != null) {
            out.writeDouble(r.avgOrderValue);
        }
        if (r.ltFrequency != null) {
            out.writeDouble(r.ltFrequency);
        }
        if (r.ltRecency != null) {
            out.writeDouble(r.ltRecency);
        }
        if (r.ltT != null) {
            out.writeDouble(r.ltT);
        }
        if (r.ltMonetaryValue != null) {
            out.writeDouble(r.ltMonetaryValue);
        }
        if (r.ltFrequencyHoldout != null) {
            out.writeDouble(r.ltFrequencyHoldout);
        }
        if (r.ltMonetaryValueHoldout != null) {
            out.writeDouble(r.ltMonetaryValueHoldout);
        }
        if (r.ltDurationHoldout != null) {
            out.writeDouble(r.ltDurationHoldout);
        }
        writeIfPresent(r.customerId, out);
        writeIfPresent(r.definition, out);
        writeIfPresent(r.rfmSegment, out);
        writeIfPresent(r.consent, out);
    }

    @Override
    protected CustomerRfm read(DataInputView in) throws IOException {
        int mask = in.readInt();
        CustomerRfm r = new CustomerRfm();
        r.recencyDays = present(mask, 4) ? (int) readVarLong(in) : null;
        r.frequency = present(mask, 5) ? (int) readVarLong(in) : null;
        r.tenureDays = present(mask, 6) ? (int) readVarLong(in) : null;
        r.firstPurchaseDay = present(mask, 7) ? (int) readVarLong(in) : null;
        r.lastPurchaseDay = present(mask, 8) ? (int) readVarLong(in) : null;
        r.previousPurchaseDay = present(mask, 9) ? (int) readVarLong(in) : null;
        r.asOfDay = present(mask, 10) ? (int) readVarLong(in) : null;
        r.recencyScore = present(mask, 11) ? (int) readVarLong(in) : null;
        r.frequencyScore = present(mask, 12) ? (int) readVarLong(in) : null;
        r.monetaryScore = present(mask, 13) ? (int) readVarLong(in) : null;
        r.rfmScore = present(mask, 14) ? (int) readVarLong(in) : null;
        r.consentChangedAt = present(mask, 24) ? readVarLong(in) : null;
        r.monetary = present(mask, 15) ? in.readDouble() : null;
        r.avgOrderValue = present(mask, 16) ? in.readDouble() : null;
        r.ltFrequency = present(mask, 17) ? in.readDouble() : null;
        r.ltRecency = present(mask, 18) ? in.readDouble() : null;
        r.ltT = present(mask, 19) ? in.readDouble() : null;
        r.ltMonetaryValue = present(mask, 20) ? in.readDouble() : null;
        r.ltFrequencyHoldout = present(mask, 21) ? in.readDouble() : null;
        r.ltMonetaryValueHoldout = present(mask, 22) ? in.readDouble() : null;
        r.ltDurationHoldout = present(mask, 23) ? in.readDouble() : null;
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
