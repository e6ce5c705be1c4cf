package dev.segment.jobs.profiles;

import java.io.Serializable;

/**
 * A customer's classic RFM as the latest batch run computed it: the baseline live RFM adds the
 * purchase events after {@link #asOfDay} to. A Flink POJO; {@link #NONE} marks a customer the batch
 * run did not know (looked up once, then remembered).
 */
public class RfmBaseline implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The marker of "looked up, not in the baseline run". */
    public static final RfmBaseline NONE = new RfmBaseline();

    public String runId;
    public long asOfDay;
    public long frequency;

    /** Monetary value in units of 1/10,000 (exact). */
    public long monetaryUnits;

    public long firstDay;
    public long lastDay;

    /** The batch run's lifecycle stage (null when the run assigned no segments). */
    public String lifecycleStage;

    public RfmBaseline() {}

    public boolean isNone() {
        return runId == null;
    }
}
