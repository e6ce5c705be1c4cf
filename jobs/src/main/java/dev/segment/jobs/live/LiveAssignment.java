package dev.segment.jobs.live;

import java.io.Serializable;
import java.util.Objects;

/** A customer's live segment: a row of {@code segment_assignments_live}. A Flink POJO. */
public class LiveAssignment implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Persona of customers who declined or withdrew the use of their data. */
    public static final String GENERIC = "generic";

    /** Persona of known customers without a purchase yet (the model describes buyers). */
    public static final String PROSPECT = "prospect";

    /** The table's columns, in order. */
    public static final String HEADER =
            "customer_id,cluster_id,persona,intent,lifecycle,customer_profile,confidence,"
                    + "explanation,model_version,updated_at";

    public String customerId;

    /** Null for {@link #GENERIC} and {@link #PROSPECT}. */
    public Integer clusterId;

    public String persona;
    public String intent;
    public String lifecycle;
    public String customerProfile;
    public Double confidence;
    public String explanation;
    public String modelVersion;

    /** Event time (epoch millis) of the change that produced this row. */
    public long updatedAt;

    public LiveAssignment() {}

    /**
     * The deletion of erased customer {@code customerId}'s row (no persona): the row was deleted by
     * {@code forget}, and one written since goes too.
     */
    public static LiveAssignment erased(String customerId, long ts) {
        LiveAssignment a = new LiveAssignment();
        a.customerId = customerId;
        a.updatedAt = ts;
        return a;
    }

    /** Whether this deletes the row ({@link #erased}). */
    public boolean isErasure() {
        return persona == null;
    }

    /** Whether the rows differ in anything but {@link #updatedAt}. */
    public boolean sameAs(LiveAssignment o) {
        return o != null
                && Objects.equals(customerId, o.customerId)
                && Objects.equals(clusterId, o.clusterId)
                && Objects.equals(persona, o.persona)
                && Objects.equals(intent, o.intent)
                && Objects.equals(lifecycle, o.lifecycle)
                && Objects.equals(customerProfile, o.customerProfile)
                && Objects.equals(confidence, o.confidence)
                && Objects.equals(explanation, o.explanation)
                && Objects.equals(modelVersion, o.modelVersion);
    }
}
