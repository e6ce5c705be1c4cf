package dev.segment.jobs.runtime;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates execution environments and runs jobs with visible progress.
 *
 * <p>By default jobs run on an embedded Flink mini cluster inside this JVM (no server needed);
 * {@code --parallelism} sets its slots. After {@link #submitTo} (the {@code submit} command) they
 * run on a Flink cluster instead: the job graph and its jars go to the JobManager over the REST
 * API, and the cluster's own settings (slots, memory, state backend) apply. While a job runs, the
 * runner polls the job's accumulators and prints a progress line to {@code progressOut} every
 * {@code interval}.
 */
public final class FlinkRunner {

    /** A Flink cluster's JobManager (REST) and the user-code jars each job takes there. */
    public record Remote(String host, int port, List<String> jars) {}

    private static volatile Remote remote;

    private static volatile java.nio.file.Path planFile;

    /**
     * Writes the execution plan (JSON) of every later job of this process to {@code file} before it
     * runs (null: no more plans). {@code --plan} sets it.
     */
    public static void writePlansTo(java.nio.file.Path file) {
        planFile = file;
    }

    /** Runs every later job of this process on {@code cluster} instead of a mini cluster. */
    public static void submitTo(Remote cluster) {
        remote = cluster;
    }

    /** The cluster jobs go to, or null for the embedded mini cluster. */
    public static Remote remote() {
        return remote;
    }

    private final int parallelism;
    private final PrintStream progressOut;
    private final Duration interval;

    public FlinkRunner(int parallelism, PrintStream progressOut, Duration interval) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1 but was " + parallelism);
        }
        this.parallelism = parallelism;
        this.progressOut = progressOut;
        this.interval = interval;
    }

    /** Default parallelism: every core of this machine. */
    public static int defaultParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** A BATCH-mode environment on an embedded mini cluster with {@link #parallelism} slots. */
    public StreamExecutionEnvironment batchEnvironment() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // Accumulators reach the client with TaskManager heartbeats; a short interval keeps the
        // progress line current on the embedded cluster.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(1000));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        // Sort-based batch shuffles and sorts use managed memory; the default fraction of a small
        // local heap is too little for millions of records.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = environment(conf);
        env.setParallelism(parallelism);
        return dev.segment.common.runtime.JobSettings.batch(env);
    }

    /**
     * A STREAMING-mode environment on an embedded mini cluster, checkpointing every {@code
     * checkpointInterval} (null: none) into {@code checkpointDir} (null: the JobManager's memory).
     */
    public StreamExecutionEnvironment streamingEnvironment(
            Duration checkpointInterval, java.nio.file.Path checkpointDir) {
        return streamingEnvironment(checkpointInterval, checkpointDir, "hashmap", "heap");
    }

    /**
     * A STREAMING environment with {@code stateBackend} ({@code hashmap}: state on the heap, for
     * the mini cluster; {@code rocksdb}: state on local disk, for state larger than memory) and,
     * with RocksDB, {@code timers} ({@code heap} or {@code rocksdb}).
     */
    public StreamExecutionEnvironment streamingEnvironment(
            Duration checkpointInterval,
            java.nio.file.Path checkpointDir,
            String stateBackend,
            String timers) {
        Configuration conf = new Configuration();
        conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, stateBackend);
        if ("rocksdb".equals(stateBackend)) {
            // heap timers are faster per event (in RocksDB each is a sorted-set write and read on
            // the task thread), but a checkpoint writes them all synchronously: with millions of
            // open sessions that stalls the job (BENCHMARKS.md)
            conf.setString(
                    "state.backend.rocksdb.timer-service.factory",
                    "rocksdb".equals(timers) ? "ROCKSDB" : "HEAP");
            // most reads are of keys that are not there yet (a new visitor): without bloom
            // filters each such read searched every level's files, and 2M visitors crawled at a
            // few thousand events/s (BENCHMARKS.md)
            conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
            // RocksDB's block cache and write buffers come from managed memory (the mini
            // cluster's default left about 64 MB a slot). With 512 MB, 2M visitors crawled once
            // their sessions closed: one task at a time spent a core in RocksDB.get, reading
            // blocks the cache could not keep; with 2 GB the same run does not (BENCHMARKS.md)
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(2048));
        }
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(1000));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(RestOptions.BIND_PORT, "0");
        if (remote != null) {
            // the cluster's state backend (bin/flink-local: RocksDB) unless one is asked for
            conf.removeConfig(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND);
            if (!"hashmap".equals(stateBackend)) {
                conf.set(
                        org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND,
                        stateBackend);
            }
        }
        if (checkpointDir != null) {
            conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        }
        // a failed task (a store outage, a broker restart) restarts from the last checkpoint,
        // backing off to 5 s between attempts: outages of minutes are survived, a persistent
        // error still ends the job after 30 attempts
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY,
                RestartStrategyOptions.RestartStrategyType.EXPONENTIAL_DELAY.getMainValue());
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofMillis(500));
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofSeconds(5));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 30);
        StreamExecutionEnvironment env = environment(conf);
        env.setParallelism(parallelism);
        if (checkpointInterval != null) {
            env.enableCheckpointing(checkpointInterval.toMillis());
        }
        return dev.segment.common.runtime.JobSettings.streaming(env);
    }

    // a mini cluster in this JVM, or the remote cluster: its slots and memory are its own, so
    // only the job's options go along
    private StreamExecutionEnvironment environment(Configuration conf) {
        Remote target = remote;
        if (target == null) {
            return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        }
        Configuration job = new Configuration(conf);
        job.removeConfig(TaskManagerOptions.NUM_TASK_SLOTS);
        job.removeConfig(TaskManagerOptions.MANAGED_MEMORY_SIZE);
        job.removeConfig(RestOptions.BIND_PORT);
        job.removeConfig(HeartbeatManagerOptions.HEARTBEAT_INTERVAL);
        return StreamExecutionEnvironment.createRemoteEnvironment(
                target.host(), target.port(), job, target.jars().toArray(new String[0]));
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * Executes the job built in {@code env}, printing progress lines produced by {@code progress}
     * from the live accumulator values (return null to print nothing for a tick).
     */
    public JobExecutionResult execute(
            StreamExecutionEnvironment env,
            String jobName,
            Function<Map<String, Object>, String> progress)
            throws Exception {
        long start = System.nanoTime();
        java.nio.file.Path plan = planFile;
        if (plan != null) {
            java.nio.file.Files.writeString(plan, env.getExecutionPlan());
        }
        JobClient client = env.executeAsync(jobName);
        // on a cluster the job outlives this process: interrupting the client cancels it
        Thread cancel =
                new Thread(
                        () -> {
                            try {
                                client.cancel().get(10, TimeUnit.SECONDS);
                            } catch (Exception ignored) {
                                // ended meanwhile, or the cluster is gone
                            }
                        },
                        "cancel " + jobName);
        if (remote != null) {
            Runtime.getRuntime().addShutdownHook(cancel);
        }
        try {
            return await(client, jobName, start, progress);
        } catch (InterruptedException interrupted) {
            // a caller that stops waiting (an application embedding a stream, a test) stops the
            // job too, instead of leaving it running unseen in this process
            cancel.run();
            Thread.currentThread().interrupt();
            throw interrupted;
        } finally {
            if (remote != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancel);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: let it
                }
            }
        }
    }

    private JobExecutionResult await(
            JobClient client,
            String jobName,
            long start,
            Function<Map<String, Object>, String> progress)
            throws Exception {
        var resultFuture = client.getJobExecutionResult();
        String last = null;
        while (true) {
            try {
                return resultFuture.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                String line = null;
                try {
                    Map<String, Object> acc =
                            client.getAccumulators()
                                    .get(interval.toMillis(), TimeUnit.MILLISECONDS);
                    line = progress.apply(acc);
                } catch (InterruptedException interrupted) {
                    throw interrupted;
                } catch (Exception ignored) {
                    // Accumulators are best effort while the job is being scheduled.
                }
                if (line != null && !line.equals(last) && progressOut != null) {
                    progressOut.printf(
                            "  ... %s (%s)%n", line, Durations.format(System.nanoTime() - start));
                    last = line;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new JobFailedException(jobName, rootCause(cause));
            }
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** A Flink job failed; the message carries the root cause, which is what the user needs. */
    public static final class JobFailedException extends RuntimeException {
        public JobFailedException(String jobName, Throwable root) {
            super("job '" + jobName + "' failed: " + root.getMessage(), root);
        }
    }
}
