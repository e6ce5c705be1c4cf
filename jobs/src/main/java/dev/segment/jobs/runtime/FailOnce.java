package dev.segment.jobs.runtime;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fault injection for recovery tests: passes records through and throws once, in the first attempt
 * of subtask 0, after {@code after} records and a completed checkpoint (so the restart restores
 * state rather than starting over). Past {@code after} records it holds each record a millisecond
 * until a checkpoint completes: a fast job could otherwise finish its input before the first
 * checkpoint, and nothing would fail. The restarted attempt passes everything, so the job must
 * recover from its last checkpoint and end as if nothing happened.
 */
public final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    /** Failures injected in this JVM (tests on a mini cluster check that one happened). */
    public static final java.util.concurrent.atomic.AtomicInteger INJECTED =
            new java.util.concurrent.atomic.AtomicInteger();

    private final long after;
    private transient boolean armed;
    private transient long seen;
    private transient volatile boolean checkpointed;

    public FailOnce(long after) {
        this.after = after;
    }

    @Override
    public void open(OpenContext ctx) {
        armed =
                getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                        && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    }

    @Override
    public T map(T value) throws InterruptedException {
        if (armed && ++seen > after) {
            if (checkpointed) {
                armed = false;
                INJECTED.incrementAndGet();
                throw new InjectedFailure("injected failure after " + after + " records");
            }
            // barriers still pass between records, so the checkpoint completes meanwhile
            Thread.sleep(1);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }

    /** The injected failure (recognisable in logs). */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
