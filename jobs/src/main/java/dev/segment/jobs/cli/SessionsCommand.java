package dev.segment.jobs.cli;

import dev.segment.common.io.DeadLetterCsv;
import dev.segment.common.io.InputCounters;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventFiles;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.profiles.IdentityConsent;
import dev.segment.jobs.profiles.IdentityLink;
import dev.segment.jobs.profiles.LeaveOutSuppressed;
import dev.segment.jobs.profiles.LiveProfile;
import dev.segment.jobs.profiles.ProfilePipeline;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.ranking.SortedCsvOutput;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment sessions}: visitor sessions with intent and context from event files. */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        header = "Visitor sessions with intent and context from event files (BATCH mode).",
        description =
                "Cut the events of each visitor into sessions by event time (a session ends when"
                        + " the next event is more than --gap later) and describe each: counts"
                        + " by event type, revenue, intent (purchase, support, research, browse"
                        + " by a documented rule table), device class, daypart and weekend in"
                        + " --zone, referrer channel and country. The same operators run on"
                        + " Kafka in the streaming job. Also builds the live profile of every"
                        + " customer and anonymous visitor that consents (identity stitching,"
                        + " 7/30-day counts, interests with time decay). Writes OUT/sessions.csv,"
                        + " OUT/profiles.csv, OUT/identity_links.csv and"
                        + " OUT/dead-letters-events.csv. Customers erased or withdrawn in the"
                        + " store (when there is one; it is never created) and their visitors are"
                        + " left out.")
final class SessionsCommand implements Callable<Integer> {

    @Option(
            names = "--clicks",
            required = true,
            paramLabel = "PATH",
            description = "Event file or directory (JSON lines, or REES46 CSV with --format).")
    Path clicks;

    @Option(
            names = "--format",
            defaultValue = "canonical",
            paramLabel = "FORMAT",
            description = "canonical (JSON lines) or rees46 (CSV). Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin SessionOptions session;

    @Mixin ProfileOptions profile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--max-rejected-share",
            defaultValue = "0.01",
            paramLabel = "SHARE",
            description =
                    "Fail (exit code 3; the files are still written) when rejected events exceed"
                            + " this share of the events read. Default: ${DEFAULT-VALUE}.")
    double maxRejectedShare;

    @Mixin ExecutionOptions execution;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(System.out);
        InputOptions.requireShare("--max-rejected-share", maxRejectedShare);
        EventFormat fmt = EventFormat.parse(format);
        Sessionizer.Config config =
                SessionOptions.forFiles(session.gap(), session.zone, session.intentRules);
        OutputPaths.directory("--out", out);
        FlinkRunner runner =
                new FlinkRunner(
                        execution.parallelismOrDefault(), console.out(), Duration.ofSeconds(2));
        StreamExecutionEnvironment env = runner.batchEnvironment();
        SingleOutputStreamOperator<Event> parsed = EventFiles.read(env, clicks, fmt);
        parsed.getSideOutput(EventFiles.DEAD_LETTERS)
                .sinkTo(DeadLetterCsv.sink(out.resolve("dead-letters-events.csv")))
                .setParallelism(1)
                .name("Event dead letters");
        ProfileRules rules = profile.rules(session.zone, fmt, true);
        // the store, when there is one, says whom to leave out; sessions never creates one
        DataStream<Event> events =
                LeaveOutSuppressed.apply(
                        parsed, dev.segment.common.store.Suppression.of(store.resolveIfExists()));
        ProfilePipeline.Outputs outputs =
                ProfilePipeline.build(Sessionizer.withEventTime(events, config), config, rules);
        writeFiles(outputs, out);
        console.phase(
                String.format(
                        Locale.ROOT,
                        "sessions on %s (format %s, gap %s, zone %s), parallelism %d",
                        clicks,
                        fmt.name().toLowerCase(Locale.ROOT),
                        session.gap,
                        session.zone,
                        runner.parallelism()));
        JobExecutionResult result =
                runner.execute(
                        env,
                        "segment sessions",
                        acc -> {
                            Object n = acc.get(EventFiles.READ);
                            return n == null ? null : String.format("%,d events read", n);
                        });
        long read = InputCounters.count(result, EventFiles.READ);
        long accepted = InputCounters.count(result, EventFiles.ACCEPTED);
        long rejected = InputCounters.count(result, EventFiles.REJECTED);
        console.line("");
        console.line("events read %,d | accepted %,d | rejected %,d", read, accepted, rejected);
        console.line("%s", sessionSummary(result));
        console.line(
                "timings: job %s, total %s",
                Durations.format(result.getNetRuntime() * 1_000_000L),
                Durations.format(System.nanoTime() - t0));
        printLeftOut(console, result);
        console.line("profiles: %s", IdentityConsent.consentSummary(result));
        console.line(
                "results: %s, profiles.csv, identity_links.csv",
                out.resolve("sessions.csv").toAbsolutePath());
        console.line(
                "dead letters: %s (%,d rows)",
                out.resolve("dead-letters-events.csv").toAbsolutePath(), rejected);
        String gate = EventFiles.gateViolation(result, maxRejectedShare);
        if (gate != null) {
            console.line("");
            console.line("FAILED quality gate: %s", gate);
            return ExitCodes.DATA_QUALITY;
        }
        return ExitCodes.OK;
    }

    /**
     * sessions.csv, profiles.csv and identity_links.csv in {@code out}, sessions counted; each
     * sorted by its first column (then the whole line) and written in parallel.
     */
    static void writeFiles(ProfilePipeline.Outputs outputs, Path out) {
        SortedCsvOutput.write(
                outputs.sessions()
                        .map(new CountIntents(), TypeInformation.of(Session.class))
                        .name("Count intents"),
                s -> s.visitorId,
                Session.HEADER,
                Session::toCsv,
                out.resolve("sessions.csv"),
                "sessions.csv");
        SortedCsvOutput.write(
                outputs.profiles()
                        .filter(c -> c.profile != null)
                        .map(c -> c.profile, TypeInformation.of(LiveProfile.class))
                        .name("Final profiles"),
                p -> p.profileId,
                LiveProfile.HEADER,
                LiveProfile::toCsv,
                out.resolve("profiles.csv"),
                "profiles.csv");
        SortedCsvOutput.write(
                outputs.links()
                        .keyBy(l -> l.visitorId + '\u0000' + l.customerId)
                        .reduce((a, b) -> a.linkedAt <= b.linkedAt ? a : b)
                        .name("Earliest link per pair"),
                l -> l.visitorId,
                IdentityLink.HEADER,
                IdentityLink::toCsv,
                out.resolve("identity_links.csv"),
                "identity_links.csv");
    }

    /** The click events left out for the store's erasures and withdrawals, when there were any. */
    static void printLeftOut(Console console, JobExecutionResult result) {
        long n = InputCounters.count(result, LeaveOutSuppressed.LEFT_OUT);
        if (n > 0) {
            console.line(
                    "click events left out: %,d (customers erased or withdrawn in the store, and"
                            + " their visitors)",
                    n);
        }
    }

    /** "sessions 10 | by intent {browse=4, ...}" of a job that wrote the files. */
    static String sessionSummary(JobExecutionResult result) {
        return String.format(
                Locale.ROOT,
                "sessions %,d | by intent %s",
                InputCounters.count(result, CountIntents.SESSIONS),
                result.getAccumulatorResult(CountIntents.INTENTS));
    }

    /** Counts sessions per intent into accumulators on the way to the file. */
    static final class CountIntents extends RichMapFunction<Session, Session> {
        private static final long serialVersionUID = 1L;
        static final String SESSIONS = "sessions.count";
        static final String INTENTS = "sessions.intents";
        private transient org.apache.flink.api.common.accumulators.LongCounter sessions;
        private transient IntentCounts intents;

        @Override
        public void open(OpenContext ctx) {
            sessions = new org.apache.flink.api.common.accumulators.LongCounter();
            getRuntimeContext().addAccumulator(SESSIONS, sessions);
            intents = new IntentCounts();
            getRuntimeContext().addAccumulator(INTENTS, intents);
        }

        @Override
        public Session map(Session s) {
            sessions.add(1);
            intents.add(s.intent);
            return s;
        }
    }

    /** Sessions per intent, sorted by name. */
    static final class IntentCounts
            implements org.apache.flink.api.common.accumulators.Accumulator<
                    String, TreeMap<String, Long>> {
        private static final long serialVersionUID = 1L;
        private TreeMap<String, Long> counts = new TreeMap<>();

        @Override
        public void add(String intent) {
            counts.merge(intent, 1L, Long::sum);
        }

        @Override
        public TreeMap<String, Long> getLocalValue() {
            return counts;
        }

        @Override
        public void resetLocal() {
            counts = new TreeMap<>();
        }

        @Override
        public void merge(
                org.apache.flink.api.common.accumulators.Accumulator<String, TreeMap<String, Long>>
                        other) {
            other.getLocalValue().forEach((k, v) -> counts.merge(k, v, Long::sum));
        }

        @Override
        public IntentCounts clone() {
            IntentCounts c = new IntentCounts();
            c.counts = new TreeMap<>(counts);
            return c;
        }
    }
}
