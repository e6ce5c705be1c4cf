package dev.segment.jobs.cli;

import dev.segment.common.io.InputCounters;
import dev.segment.common.store.LiveErasures;
import dev.segment.common.store.RunRegistry;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventFiles;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.events.KafkaEvents;
import dev.segment.jobs.live.LiveAssignment;
import dev.segment.jobs.live.LiveModel;
import dev.segment.jobs.live.LiveSegmentPipeline;
import dev.segment.jobs.live.LiveSegmentSinks;
import dev.segment.jobs.live.ModelWatcher;
import dev.segment.jobs.live.SegmentChange;
import dev.segment.jobs.profiles.IdentityConsent;
import dev.segment.jobs.profiles.IdentityLink;
import dev.segment.jobs.profiles.ProfileChange;
import dev.segment.jobs.profiles.ProfilePipeline;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.profiles.ProfileStoreSinks;
import dev.segment.jobs.profiles.RfmBaselineLookup;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FailOnce;
import dev.segment.jobs.runtime.FlinkRunner;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.SessionJdbcSink;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment stream}: sessions from a Kafka topic, kept current in the store. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        header = "Sessions from a Kafka topic into the store (STREAMING mode).",
        description =
                "Read events from a Kafka topic (canonical JSON or REES46 CSV records) and keep"
                        + " every visitor's sessions current in the store's sessions table, and"
                        + " every consenting customer's and visitor's live profile in"
                        + " customer_live_profile (identity links in identity_links), with"
                        + " the same operators as 'segment sessions' runs on files. With"
                        + " --bounded it stops at the end offsets present at its start and"
                        + " prints a summary; without it, it runs until interrupted,"
                        + " checkpointing. Malformed records and late events are counted.")
final class StreamCommand implements Callable<Integer> {

    @Mixin KafkaOptions kafka;

    @Mixin SessionOptions session;

    @Mixin ProfileOptions profile;

    @Option(
            names = "--format",
            defaultValue = "canonical",
            paramLabel = "FORMAT",
            description = "canonical (JSON) or rees46 (CSV lines). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--group-id",
            defaultValue = "segment-stream",
            paramLabel = "ID",
            description = "Kafka consumer group. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(
            names = "--bounded",
            description = "Stop at the end offsets present when the job starts, then summarise.")
    boolean bounded;

    @Option(
            names = "--out-of-orderness",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "How far events may arrive out of event-time order. Default: ${DEFAULT-VALUE}.")
    String outOfOrderness;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            description =
                    "Topic for malformed records (JSON: source, position, field, reason,"
                            + " original). Default: counted only.")
    String deadLetterTopic;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description =
                    "Where checkpoints go. Default: a temporary directory, deleted when the"
                            + " command ends.")
    Path checkpointDir;

    @Option(
            names = "--profile-interval",
            defaultValue = "200ms",
            paramLabel = "DURATION",
            description =
                    "Longest time a customer's changed live profile waits before it is written;"
                            + " the changes within it (a burst of clicks) are written once, as the"
                            + " latest profile. 0 writes every change. Deletes never wait."
                            + " Default: ${DEFAULT-VALUE}.")
    String profileInterval;

    @Option(
            names = "--flush-interval",
            defaultValue = "200ms",
            paramLabel = "DURATION",
            description =
                    "Longest time a changed row waits in a partial JDBC batch before it is written"
                            + " (full batches and checkpoints write at once). Default:"
                            + " ${DEFAULT-VALUE}.")
    String flushInterval;

    @Option(
            names = "--state-backend",
            defaultValue = "hashmap",
            paramLabel = "hashmap|rocksdb",
            description =
                    "Where keyed state lives: hashmap (heap, fastest while it fits) or rocksdb"
                            + " (local disk, for millions of visitors). Default: ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(
            names = "--timers",
            defaultValue = "heap",
            paramLabel = "heap|rocksdb",
            description =
                    "Where session and profile timers live with --state-backend rocksdb: heap"
                            + " (faster per event; every checkpoint copies them all on the task"
                            + " thread) or rocksdb (for millions of open sessions: checkpoints"
                            + " stay incremental). Default: ${DEFAULT-VALUE}.")
    String timers;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "How often state, offsets and the change topic's transaction are committed"
                            + " together (bounded runs end with a last one). Default:"
                            + " ${DEFAULT-VALUE}.")
    String checkpointInterval;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description =
                    "model.json to assign live segments with. Default: the newest model of a"
                            + " succeeded run in the store, replaced without restart when a newer"
                            + " one lands (unbounded runs).")
    Path modelFile;

    @Option(
            names = "--model-poll",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "How often an unbounded run looks for a newer model in the store, and for"
                            + " customers erased meanwhile (PostgreSQL). Default:"
                            + " ${DEFAULT-VALUE}.")
    String modelPoll;

    @Option(
            names = "--rfm-baseline",
            defaultValue = "auto",
            paramLabel = "auto|none|RUN_ID",
            description =
                    "Batch run whose classic RFM live RFM starts from (purchase events after its"
                            + " as-of day are added). auto: the model's run, else the newest"
                            + " succeeded run with classic RFM; none: purchase events only."
                            + " Default: ${DEFAULT-VALUE}.")
    String rfmBaseline;

    @Option(
            names = "--changes-topic",
            paramLabel = "TOPIC",
            description =
                    "Topic for segment and intent changes (JSON: customer_id, from, to,"
                            + " from_intent, to_intent, reason, event_time), written"
                            + " transactionally: read them with isolation.level=read_committed.")
    String changesTopic;

    @Option(
            names = "--fail-once-after",
            hidden = true,
            paramLabel = "N",
            description =
                    "Testing: fail once after N profile changes and a checkpoint, then recover.")
    Long failOnceAfter;

    @Mixin StoreOptions store;

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(System.out);
        EventFormat fmt = EventFormat.parse(format);
        Sessionizer.Config config =
                new Sessionizer.Config(
                                session.gap(),
                                SessionOptions.duration("--out-of-orderness", outOfOrderness),
                                session.zone,
                                session.intents())
                        .validate();
        ProfileRules rules =
                profile.rules(session.zone, fmt, false)
                        .withEmitInterval(
                                SessionOptions.duration("--profile-interval", profileInterval))
                        .validate();
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new IllegalArgumentException(
                    "--state-backend must be hashmap or rocksdb but was '" + stateBackend + "'");
        }
        if (!timers.equals("heap") && !timers.equals("rocksdb")) {
            throw new IllegalArgumentException(
                    "--timers must be heap or rocksdb but was '" + timers + "'");
        }
        if (timers.equals("rocksdb") && !stateBackend.equals("rocksdb")) {
            throw new IllegalArgumentException(
                    "--timers rocksdb needs --state-backend rocksdb (with hashmap state, timers"
                            + " are on the heap)");
        }
        Duration checkpointEvery =
                SessionOptions.duration("--checkpoint-interval", checkpointInterval);
        Duration pollEvery = SessionOptions.duration("--model-poll", modelPoll);
        LiveModel fileModel = modelFile == null ? null : LiveModel.fromFile(modelFile);
        Duration flushEvery = SessionOptions.duration("--flush-interval", flushInterval);
        StoreConfig storeConfig =
                store.noStore ? null : store.resolve().withBatchInterval(flushEvery.toMillis());
        used = storeConfig;
        LiveModel model = fileModel;
        RfmBaselineLookup baselines = RfmBaselineLookup.NONE;
        LiveErasures erasures = LiveErasures.NONE;
        String baselineRun = null;
        if (storeConfig != null) {
            console.phase("store: " + storeConfig.describe());
            console.line("  schema version %s", Store.migrate(storeConfig));
            if (model == null) {
                model = LiveModel.newest(storeConfig);
            }
            baselineRun = baselineRun(storeConfig, model);
            erasures = LiveErasures.of(storeConfig, pollEvery);
            int erasedCount = erasures.current().size();
            if (erasedCount > 0) {
                console.line(
                        "  erased customers: %,d; their events and their visitors' are left out",
                        erasedCount);
            }
            if (baselineRun != null) {
                baselines = RfmBaselineLookup.store(storeConfig, baselineRun);
            }
        } else if (!"auto".equals(rfmBaseline) && !"none".equals(rfmBaseline)) {
            throw new IllegalArgumentException(
                    "--rfm-baseline " + rfmBaseline + " needs the store (drop --no-store)");
        }
        console.line(
                "  live segments: %s; live RFM baseline: %s",
                model == null
                        ? "no model yet (run 'segment run' or pass --model)"
                                + (bounded || storeConfig == null ? "" : ", watching for one")
                        : "model " + model.version,
                baselineRun == null ? "none (purchase events only)" : "run " + baselineRun);
        FlinkRunner runner =
                new FlinkRunner(
                        execution.parallelismOrDefault(), console.out(), Duration.ofSeconds(2));
        // never the JobManager's memory: it takes at most 5 MB of state per task, which 20,000
        // customers already exceed, and every checkpoint then fails and restarts the job
        Path checkpoints =
                checkpointDir != null
                        ? checkpointDir.toAbsolutePath()
                        : java.nio.file.Files.createTempDirectory("segment-checkpoints-");
        try {
            StreamExecutionEnvironment env =
                    runner.streamingEnvironment(checkpointEvery, checkpoints, stateBackend, timers);
            SingleOutputStreamOperator<Event> events =
                    KafkaEvents.read(
                            env,
                            new KafkaEvents.Options(
                                    kafka.bootstrap,
                                    kafka.topic,
                                    groupId,
                                    fmt,
                                    bounded,
                                    config.outOfOrderness()));
            if (deadLetterTopic != null) {
                events.getSideOutput(EventFiles.DEAD_LETTERS)
                        .sinkTo(KafkaEvents.deadLetterSink(kafka.bootstrap, deadLetterTopic))
                        .name("Dead-letter topic " + deadLetterTopic);
            } else {
                events.getSideOutput(EventFiles.DEAD_LETTERS)
                        .sinkTo(new DiscardingSink<>())
                        .name("Dead letters (counted)");
            }
            DataStream<Event> input = events;
            if (failOnceAfter != null) {
                // behind the source: once past its count it slows the source until a checkpoint
                // completes, and nothing downstream is held up, so the checkpoint's barriers pass
                // (after the golden records, a slowed operator held the barriers up behind its
                // backlog until the input had ended, and no failure came)
                input =
                        events.map(new FailOnce<>(failOnceAfter), TypeInformation.of(Event.class))
                                .name("Injected failure");
            }
            ProfilePipeline.Outputs outputs =
                    ProfilePipeline.build(input, config, rules, baselines, erasures);
            DataStream<ProfileChange> profileChanges = outputs.profiles();
            DataStream<LiveModel> modelUpdates =
                    bounded || storeConfig == null || fileModel != null
                            ? LiveSegmentPipeline.noUpdates(env)
                            : ModelWatcher.watch(
                                    env,
                                    storeConfig,
                                    model == null ? null : model.version,
                                    pollEvery);
            LiveSegmentPipeline.Outputs live =
                    LiveSegmentPipeline.build(
                            // customers seen only without consent get the generic segment
                            profileChanges.union(outputs.unconsented()),
                            modelUpdates,
                            model,
                            rules,
                            LifecycleRules.DEFAULT,
                            erasures);
            SingleOutputStreamOperator<LiveAssignment> assignments =
                    counted(
                            live.assignments(),
                            ASSIGNMENTS,
                            LiveAssignment.class,
                            "live segment rows");
            SingleOutputStreamOperator<SegmentChange> changes =
                    counted(live.changes(), CHANGES, SegmentChange.class, "segment changes");
            if (changesTopic != null) {
                changes.sinkTo(
                                LiveSegmentSinks.changes(
                                        kafka.bootstrap, changesTopic, "segment-" + changesTopic))
                        .name("Change topic " + changesTopic)
                        .uid("change-topic");
            } else {
                changes.sinkTo(new DiscardingSink<>()).name("Segment changes (counted)");
            }
            var late =
                    counted(
                                    outputs.lateRows(),
                                    LATE,
                                    Event.class,
                                    "late events",
                                    e -> !e.isErasure())
                            .process(
                                    new dev.segment.jobs.sessions.LateEvent.Measure(
                                            config.gap().toMillis()),
                                    TypeInformation.of(dev.segment.jobs.sessions.LateEvent.class))
                            .name("Late events");
            // the rows with the tombstones of erased customers' visitors, which are not sessions
            SingleOutputStreamOperator<Session> counted =
                    counted(
                            outputs.sessionRows(),
                            SESSIONS,
                            Session.class,
                            "sessions",
                            s -> !s.isTombstone());
            SingleOutputStreamOperator<ProfileChange> profiles =
                    counted(
                            profileChanges,
                            PROFILE_CHANGES,
                            ProfileChange.class,
                            "profile changes");
            SingleOutputStreamOperator<IdentityLink> links =
                    counted(
                            outputs.linkRows(),
                            LINKS,
                            IdentityLink.class,
                            "identity links",
                            l -> !l.erased);
            if (storeConfig != null) {
                late.sinkTo(dev.segment.jobs.sessions.LateEventJdbcSink.sink(storeConfig))
                        .name("late_events table");
                counted.sinkTo(SessionJdbcSink.sink(storeConfig)).name("sessions table");
                profiles.sinkTo(ProfileStoreSinks.profiles(storeConfig))
                        .name("customer_live_profile table");
                links.sinkTo(ProfileStoreSinks.links(storeConfig)).name("identity_links table");
                outputs.consentChanges()
                        .sinkTo(new dev.segment.common.store.ConsentSink(storeConfig))
                        .name("consent table");
                assignments
                        .sinkTo(LiveSegmentSinks.assignments(storeConfig))
                        .name("segment_assignments_live table");
            } else {
                assignments.sinkTo(new DiscardingSink<>()).name("Live segments (counted)");
                late.sinkTo(new DiscardingSink<>()).name("Late events (counted)");
                counted.sinkTo(new DiscardingSink<>()).name("Sessions (counted)");
                profiles.sinkTo(new DiscardingSink<>()).name("Profiles (counted)");
                links.sinkTo(new DiscardingSink<>()).name("Links (counted)");
            }
            console.phase(
                    String.format(
                            Locale.ROOT,
                            "stream %s from %s (%s, gap %s, out-of-orderness %s)%s, %s state,"
                                    + " parallelism %d",
                            kafka.topic,
                            kafka.bootstrap,
                            fmt.name().toLowerCase(Locale.ROOT),
                            session.gap,
                            outOfOrderness,
                            bounded ? ", bounded" : "",
                            stateBackend.equals("rocksdb")
                                    ? "rocksdb (" + timers + " timers)"
                                    : stateBackend,
                            runner.parallelism()));
            console.line(
                    "  checkpoints every %s in %s%s",
                    checkpointInterval, checkpoints, checkpointDir == null ? " (temporary)" : "");
            JobExecutionResult result =
                    runner.execute(
                            env,
                            "segment stream " + kafka.topic,
                            acc -> {
                                Object n = acc.get(EventFiles.READ);
                                return n == null
                                        ? null
                                        : String.format(
                                                Locale.ROOT,
                                                "%,d events read, %,d sessions",
                                                n,
                                                acc.getOrDefault(SESSIONS, 0L));
                            });
            console.line("");
            console.line(
                    "events read %,d | accepted %,d | rejected %,d | late %,d | sessions %,d",
                    InputCounters.count(result, EventFiles.READ),
                    InputCounters.count(result, EventFiles.ACCEPTED),
                    InputCounters.count(result, EventFiles.REJECTED),
                    InputCounters.count(result, LATE),
                    InputCounters.count(result, SESSIONS));
            console.line(
                    "profiles: %s | profile changes %,d | identity links %,d",
                    IdentityConsent.consentSummary(result),
                    InputCounters.count(result, PROFILE_CHANGES),
                    InputCounters.count(result, LINKS));
            long erasedEvents = InputCounters.count(result, IdentityConsent.ERASED_EVENTS);
            if (erasedEvents > 0) {
                console.line(
                        "events of erased customers and their visitors left out: %,d",
                        erasedEvents);
            }
            console.line(
                    "live segments: customers updated %,d | segment/intent changes %,d%s",
                    InputCounters.count(result, ASSIGNMENTS),
                    InputCounters.count(result, CHANGES),
                    changesTopic == null ? "" : " (topic " + changesTopic + ")");
            console.line(
                    "timings: job %s, total %s",
                    Durations.format(result.getNetRuntime() * 1_000_000L),
                    Durations.format(System.nanoTime() - t0));
            if (storeConfig != null) {
                console.line(
                        "store: %s (tables sessions, late_events, customer_live_profile,"
                                + " identity_links, segment_assignments_live)",
                        storeConfig.describe());
            }
            return ExitCodes.OK;
        } finally {
            if (checkpointDir == null) {
                OutputPaths.deleteQuietly(checkpoints);
            }
        }
    }

    private StoreConfig used;

    /** The store this run wrote to (null with --no-store or before {@link #call()}). */
    StoreConfig storeConfigUsed() {
        return used;
    }

    static final String LATE = "stream.late";
    static final String SESSIONS = "stream.sessions";
    static final String PROFILE_CHANGES = "stream.profile_changes";
    static final String LINKS = "stream.identity_links";
    static final String ASSIGNMENTS = "stream.live_segment_rows";
    static final String CHANGES = "stream.segment_changes";

    /** The run whose classic RFM is the live baseline (null: none). */
    private String baselineRun(StoreConfig config, LiveModel model) {
        if ("none".equals(rfmBaseline)) {
            return null;
        }
        if (!"auto".equals(rfmBaseline)) {
            if (!RunRegistry.hasClassicRfm(config, rfmBaseline)) {
                throw new IllegalArgumentException(
                        "--rfm-baseline "
                                + rfmBaseline
                                + ": the store has no classic RFM of that run");
            }
            return rfmBaseline;
        }
        if (model != null
                && model.runId != null
                && RunRegistry.hasClassicRfm(config, model.runId)) {
            return model.runId;
        }
        return RunRegistry.newestClassicRfmRun(config);
    }

    /** {@code stream} passed through a {@link Count} into accumulator {@code accumulator}. */
    private static <T> SingleOutputStreamOperator<T> counted(
            DataStream<T> stream, String accumulator, Class<T> type, String what) {
        return counted(stream, accumulator, type, what, t -> true);
    }

    /** The same, counting only the records {@code counts} accepts (all pass). */
    private static <T> SingleOutputStreamOperator<T> counted(
            DataStream<T> stream,
            String accumulator,
            Class<T> type,
            String what,
            org.apache.flink.api.common.functions.FilterFunction<T> counts) {
        return stream.map(new Count<>(accumulator, counts), TypeInformation.of(type))
                .name("Count " + what);
    }

    /** Passes records through, counting them in an accumulator. */
    static final class Count<T> extends RichMapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final org.apache.flink.api.common.functions.FilterFunction<T> counts;
        private transient LongCounter counter;

        Count(String name, org.apache.flink.api.common.functions.FilterFunction<T> counts) {
            this.name = name;
            this.counts = counts;
        }

        @Override
        public void open(OpenContext ctx) {
            counter = new LongCounter();
            getRuntimeContext().addAccumulator(name, counter);
        }

        @Override
        public T map(T value) throws Exception {
            if (counts.filter(value)) {
                counter.add(1);
            }
            return value;
        }
    }
}
