package dev.segment.common.io;

import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/** Names of the input accumulators and the rejected-share gate. */
public final class InputCounters {
    private InputCounters() {}

    /** Data rows read (headers and blank lines excluded). */
    public static final String READ = "input.read";

    /** Rows that became transactions. */
    public static final String ACCEPTED = "input.accepted";

    /** Rows sent to the dead letters. */
    public static final String REJECTED = "input.rejected";

    /** Rows excluded by policy (returns under {@code --returns exclude}); not a data error. */
    public static final String EXCLUDED = "input.excluded";

    /** Accepted rows dated after the as-of date: read and valid, but not used. */
    public static final String IGNORED = "input.ignored";

    /** Accepted rows identical to an earlier row of the same customer, kept (--duplicates keep). */
    public static final String DUPLICATES = "input.duplicates";

    /**
     * Accepted rows identical to an earlier row, dropped to the dead letters (--duplicates drop).
     */
    public static final String DUPLICATES_DROPPED = "input.duplicates_dropped";

    /** A counter of a finished job, 0 when the job has none of that name. */
    public static long count(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** The counters of one task, registered as the job's accumulators. */
    public static final class Task {
        private final org.apache.flink.api.common.accumulators.LongCounter read =
                new org.apache.flink.api.common.accumulators.LongCounter();
        private final org.apache.flink.api.common.accumulators.LongCounter accepted =
                new org.apache.flink.api.common.accumulators.LongCounter();
        private final org.apache.flink.api.common.accumulators.LongCounter rejected =
                new org.apache.flink.api.common.accumulators.LongCounter();
        private final org.apache.flink.api.common.accumulators.LongCounter excluded =
                new org.apache.flink.api.common.accumulators.LongCounter();

        /** Registers the counters with the task's runtime context (call from open()). */
        public static Task register(org.apache.flink.api.common.functions.RuntimeContext context) {
            Task t = new Task();
            context.addAccumulator(READ, t.read);
            context.addAccumulator(ACCEPTED, t.accepted);
            context.addAccumulator(REJECTED, t.rejected);
            context.addAccumulator(EXCLUDED, t.excluded);
            return t;
        }

        public void read(long n) {
            read.add(n);
        }

        public void accepted() {
            accepted.add(1);
        }

        public void rejected() {
            rejected.add(1);
        }

        public void excluded() {
            excluded.add(1);
        }

        /** Counts a dead letter as rejected, or as excluded when policy excluded it. */
        public void deadLetter(dev.segment.common.model.DeadLetter d) {
            if (ReturnsPolicy.EXCLUDED_REASON.equals(d.reason)) {
                excluded();
            } else {
                rejected();
            }
        }

        /** This task's counts so far (no ignored or duplicate rows: later stages count those). */
        public Counts counts() {
            return new Counts(
                    read.getLocalValue(),
                    accepted.getLocalValue(),
                    rejected.getLocalValue(),
                    excluded.getLocalValue(),
                    0,
                    0,
                    0);
        }
    }

    /**
     * Counts of a finished job. Every row read is accepted, rejected (a dead letter with a data
     * error) or excluded (a dead letter by policy): {@code read = accepted + rejected + excluded};
     * {@code ignored} accepted rows were dated after the as-of date and not used.
     */
    public record Counts(
            long read,
            long accepted,
            long rejected,
            long excluded,
            long ignored,
            long duplicates,
            long duplicatesDropped) {
        public Counts(long read, long accepted, long rejected) {
            this(read, accepted, rejected, 0, 0, 0, 0);
        }

        public static Counts of(JobExecutionResult result) {
            return new Counts(
                    get(result, READ),
                    get(result, ACCEPTED),
                    get(result, REJECTED),
                    get(result, EXCLUDED),
                    get(result, IGNORED),
                    get(result, DUPLICATES),
                    get(result, DUPLICATES_DROPPED));
        }

        public static Counts of(Map<String, Object> accumulators) {
            return new Counts(
                    num(accumulators.get(READ)),
                    num(accumulators.get(ACCEPTED)),
                    num(accumulators.get(REJECTED)),
                    num(accumulators.get(EXCLUDED)),
                    num(accumulators.get(IGNORED)),
                    num(accumulators.get(DUPLICATES)),
                    num(accumulators.get(DUPLICATES_DROPPED)));
        }

        /** Accepted rows that were used (not after the as-of date, not dropped as duplicates). */
        public long used() {
            return accepted - ignored - duplicatesDropped;
        }

        /** True when every row read is accounted for. */
        public boolean addsUp() {
            return read == accepted + rejected + excluded
                    && ignored + duplicatesDropped <= accepted;
        }

        /** Rejected rows over rows read; rows excluded by policy are not errors and not counted. */
        public double rejectedShare() {
            return read == 0 ? 0 : (double) rejected / read;
        }

        /** One summary line: every count, adding up to rows read. */
        public String summary() {
            StringBuilder s =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "rows read %,d | accepted %,d | rejected %,d (%.2f%%)",
                                    read,
                                    accepted,
                                    rejected,
                                    100 * rejectedShare()));
            if (excluded > 0) {
                s.append(String.format(Locale.ROOT, " | excluded by policy %,d", excluded));
            }
            if (ignored > 0) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                " | of the accepted, %,d dated after the as-of date are ignored",
                                ignored));
            }
            if (duplicates > 0) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                " | %,d identical to an earlier row, kept (--duplicates keep)",
                                duplicates));
            }
            if (duplicatesDropped > 0) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                " | %,d identical to an earlier row, dropped to the dead letters",
                                duplicatesDropped));
            }
            return s.toString();
        }

        /** Null when the rejected share is within {@code maxShare}, else a message for the user. */
        public String gateViolation(double maxShare) {
            return gate("rows", rejected, read, maxShare);
        }

        private static long get(JobExecutionResult r, String name) {
            return count(r, name);
        }

        private static long num(Object v) {
            return v instanceof Number ? ((Number) v).longValue() : 0L;
        }
    }

    /**
     * The quality gate of an input: null when at most {@code maxShare} of the {@code read} items
     * ({@code what}: rows, click events) were rejected, else a message for the user.
     */
    public static String gate(String what, long rejected, long read, double maxShare) {
        double share = read == 0 ? 0 : (double) rejected / read;
        if (share <= maxShare) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%,d of %,d %s (%.2f%%) were rejected, above the limit of %.2f%% "
                        + "(--max-rejected-share %s); see the dead letters for reasons",
                rejected,
                read,
                what,
                100 * share,
                100 * maxShare,
                maxShare);
    }
}
