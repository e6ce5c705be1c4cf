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

    /** The three counters of one task, registered as the job's accumulators. */
    public static final class Task {
        private final org.apache.flink.api.common.accumulators.LongCounter read =
                new org.apache.flink.api.common.accumulators.LongCounter();
        private final org.apache.flink.api.common.accumulators.LongCounter accepted =
                new org.apache.flink.api.common.accumulators.LongCounter();
        private final org.apache.flink.api.common.accumulators.LongCounter rejected =
                new org.apache.flink.api.common.accumulators.LongCounter();

        /** Registers the counters with the task's runtime context (call from open()). */
        public static Task register(org.apache.flink.api.common.functions.RuntimeContext context) {
            Task t = new Task();
            context.addAccumulator(READ, t.read);
            context.addAccumulator(ACCEPTED, t.accepted);
            context.addAccumulator(REJECTED, t.rejected);
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
    }

    /** Counts of a finished job. */
    public record Counts(long read, long accepted, long rejected) {
        public static Counts of(JobExecutionResult result) {
            return new Counts(get(result, READ), get(result, ACCEPTED), get(result, REJECTED));
        }

        public static Counts of(Map<String, Object> accumulators) {
            return new Counts(
                    num(accumulators.get(READ)),
                    num(accumulators.get(ACCEPTED)),
                    num(accumulators.get(REJECTED)));
        }

        public double rejectedShare() {
            return read == 0 ? 0 : (double) rejected / read;
        }

        /** Null when the rejected share is within {@code maxShare}, else a message for the user. */
        public String gateViolation(double maxShare) {
            if (rejectedShare() <= maxShare) {
                return null;
            }
            return String.format(
                    Locale.ROOT,
                    "%,d of %,d rows (%.2f%%) were rejected, above the limit of %.2f%% "
                            + "(--max-rejected-share %s); see the dead letters for reasons",
                    rejected,
                    read,
                    100 * rejectedShare(),
                    100 * maxShare,
                    maxShare);
        }

        private static long get(JobExecutionResult r, String name) {
            Object v = r.getAccumulatorResult(name);
            return num(v);
        }

        private static long num(Object v) {
            return v instanceof Number ? ((Number) v).longValue() : 0L;
        }
    }
}
