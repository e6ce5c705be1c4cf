package dev.segment.jobs.live;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change of a customer's live segment or intent, for activation (one Kafka record, JSON). A Flink
 * POJO.
 */
public class SegmentChange implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reasons: first assignment, persona change, intent change only, withdrawal, new model. */
    public static final String ENTERED = "entered";

    public static final String MOVED = "moved";
    public static final String INTENT = "intent";
    public static final String CONSENT_WITHDRAWN = "consent_withdrawn";
    public static final String MODEL = "model";

    public String customerId;

    /** Null when the customer had no live segment before. */
    public String fromSegment;

    public String toSegment;
    public String fromIntent;
    public String toIntent;
    public String reason;

    /** Event time of the change (epoch millis). */
    public long eventTime;

    public String modelVersion;

    public SegmentChange() {}

    /** The record value: a JSON object with ISO-8601 event_time. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", customerId);
        m.put("from", fromSegment);
        m.put("to", toSegment);
        m.put("from_intent", fromIntent);
        m.put("to_intent", toIntent);
        m.put("reason", reason);
        m.put("event_time", Instant.ofEpochMilli(eventTime).toString());
        m.put("model_version", modelVersion);
        return m;
    }
}
