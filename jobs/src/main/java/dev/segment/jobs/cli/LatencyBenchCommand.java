package dev.segment.jobs.cli;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.events.EventParser;
import dev.segment.jobs.profiles.ProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code segment bench latency}: the time from a click's append to the Kafka log to the moment the
 * streaming job's change of that customer's live profile is in PostgreSQL, at a fixed event rate.
 *
 * <p>The topic is created with {@code message.timestamp.type=LogAppendTime}, so the broker stamps
 * each record with its append time and returns it to the producer. A trigger on {@code
 * customer_live_profile} records PostgreSQL's {@code clock_timestamp()} of every write. A click's
 * latency is the first write of its profile whose {@code last_seen} is the click's event time minus
 * the click's append time. Both clocks are this machine's. Clicks that change no row (no consent, a
 * visitor merged into a customer) are not measured and are counted.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        header = "p50/p99 from Kafka append to the PostgreSQL row, at a fixed event rate.",
        description =
                "1) --prepare creates the event topic (broker append timestamps). 2) Start"
                        + " 'segment stream' (unbounded) on it against the same PostgreSQL. 3) Run"
                        + " this again without --prepare: it installs a probe trigger, sends"
                        + " --clicks at --rate events/s, waits until the store is quiet, prints"
                        + " p50/p90/p99/max and a RESULT {json} line, and removes the trigger. See"
                        + " bench/stream_latency.sh and BENCHMARKS.md.")
final class LatencyBenchCommand implements Callable<Integer> {

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--prepare",
            description = "Only create the topic (2 partitions, LogAppendTime) and exit.")
    boolean prepare;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            paramLabel = "N",
            description = "Partitions of the topic --prepare creates. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--clicks", paramLabel = "FILE", description = "Canonical events to send.")
    Path clicks;

    @Option(
            names = "--rate",
            defaultValue = "20000",
            paramLabel = "N",
            description = "Events per second. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(
            names = "--quiet-for",
            defaultValue = "5s",
            paramLabel = "DURATION",
            description =
                    "The store counts as caught up when no row changed for this long after the"
                            + " last click. Default: ${DEFAULT-VALUE}.")
    String quietFor;

    @Option(
            names = "--warm-up",
            defaultValue = "15s",
            paramLabel = "DURATION",
            description =
                    "Clicks appended in this first part of the send are reported apart as well:"
                            + " a freshly started job runs its code cold (not yet compiled by the"
                            + " JIT) and builds a backlog there. Both figures are printed; 0s: none."
                            + " Default: ${DEFAULT-VALUE}.")
    String warmUp;

    @Mixin StoreConnectionOptions store;

    private static final String PROBE = "latency_probe";

    @Override
    public Integer call() throws Exception {
        if (prepare) {
            return prepareTopic();
        }
        if (clicks == null || !Files.isRegularFile(clicks)) {
            throw new IllegalArgumentException("--clicks must name an event file");
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be > 0 but was " + rate);
        }
        long quietMillis = SessionOptions.duration("--quiet-for", quietFor).toMillis();
        // checked before anything is sent
        long warmUpMillis = SessionOptions.duration("--warm-up", warmUp).toMillis();
        StoreConfig config = store.resolve();
        if (config.kind() != StoreConfig.Kind.POSTGRES) {
            throw new IllegalArgumentException(
                    "--jdbc-url must be PostgreSQL: the probe is a PostgreSQL trigger");
        }
        Console console = new Console(System.out);
        try (Connection c = Store.connect(config);
                Statement st = c.createStatement()) {
            installProbe(st);
            try {
                Map<String, Long> appended = send(console);
                console.line("waiting until no row changes for %s ...", quietFor);
                waitUntilQuiet(st, quietMillis);
                return report(console, st, appended, warmUpMillis);
            } finally {
                st.execute("DROP TRIGGER IF EXISTS " + PROBE + " ON customer_live_profile");
                st.execute("DROP TABLE IF EXISTS " + PROBE);
            }
        }
    }

    private int prepareTopic() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(kafka.topic, partitions, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "message.timestamp.type",
                                                            "LogAppendTime"))))
                    .all()
                    .get();
        }
        System.out.printf(
                Locale.ROOT,
                "topic %s created (%d partitions, LogAppendTime)%n",
                kafka.topic,
                partitions);
        return ExitCodes.OK;
    }

    private static void installProbe(Statement st) throws Exception {
        st.execute("DROP TABLE IF EXISTS " + PROBE);
        st.execute(
                "CREATE TABLE "
                        + PROBE
                        + " (profile_id VARCHAR, last_seen TIMESTAMPTZ, written_at TIMESTAMPTZ)");
        st.execute(
                "CREATE OR REPLACE FUNCTION "
                        + PROBE
                        + "_write() RETURNS trigger AS $$ BEGIN INSERT INTO "
                        + PROBE
                        + " VALUES (NEW.profile_id, NEW.last_seen, clock_timestamp());"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql");
        st.execute("DROP TRIGGER IF EXISTS " + PROBE + " ON customer_live_profile");
        st.execute(
                "CREATE TRIGGER "
                        + PROBE
                        + " AFTER INSERT OR UPDATE ON customer_live_profile FOR EACH ROW EXECUTE"
                        + " FUNCTION "
                        + PROBE
                        + "_write()");
    }

    /** Sends the clicks at the rate; returns profile + event time -> earliest append time. */
    private Map<String, Long> send(Console console) throws Exception {
        List<String> lines;
        try (var s = ReplayCommand.eventLines(clicks, EventFormat.CANONICAL, false)) {
            lines = s.toList();
        }
        // parsed before sending, so that the sender spends its time on sending
        EventParser parser = new EventParser(EventFormat.CANONICAL);
        String[] probeKeys = new String[lines.size()];
        byte[][] keys = new byte[lines.size()][];
        for (int i = 0; i < probeKeys.length; i++) {
            EventParser.Result r = parser.parse(lines.get(i));
            probeKeys[i] =
                    r.event() == null
                            ? null
                            : profileOf(r.event().customerId, r.event().visitorId)
                                    + '\u0000'
                                    + r.event().ts;
            keys[i] =
                    ReplayCommand.key(lines.get(i), EventFormat.CANONICAL)
                            .getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Long> appended = new ConcurrentHashMap<>(lines.size() * 2);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap);
        p.put("linger.ms", "1");
        AtomicLong failed = new AtomicLong();
        console.phase(
                String.format(
                        Locale.ROOT,
                        "sending %,d clicks to %s at %,d events/s",
                        lines.size(),
                        kafka.topic,
                        rate));
        long t0 = System.nanoTime();
        long nextReport = t0 + 5_000_000_000L;
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < probeKeys.length; i++) {
                String probeKey = probeKeys[i];
                producer.send(
                        new ProducerRecord<>(
                                kafka.topic,
                                keys[i],
                                lines.get(i).getBytes(StandardCharsets.UTF_8)),
                        (meta, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            } else if (probeKey != null) {
                                appended.merge(probeKey, meta.timestamp(), Math::min);
                            }
                        });
                sent++;
                long due = t0 + sent * 1_000_000_000L / rate;
                long now = System.nanoTime();
                if (due > now) {
                    Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
                }
                if (now > nextReport) {
                    console.line("  ... %,d sent, %,.0f events/s", sent, sent / ((now - t0) / 1e9));
                    nextReport += 5_000_000_000L;
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        console.line(
                "sent %,d in %.1f s (%,.0f events/s), %,d failed",
                sent, seconds, sent / seconds, failed.get());
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " clicks could not be sent");
        }
        sentRate = sent / seconds;
        return appended;
    }

    private double sentRate;

    private static String profileOf(String customerId, String visitorId) {
        return customerId != null ? customerId : ProfileUpdate.anonymous(visitorId);
    }

    private static void waitUntilQuiet(Statement st, long quietMillis) throws Exception {
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < quietMillis) {
            Thread.sleep(500);
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + PROBE)) {
                rs.next();
                long n = rs.getLong(1);
                if (n != last) {
                    last = n;
                    quietSince = System.currentTimeMillis();
                }
            }
        }
    }

    private int report(Console console, Statement st, Map<String, Long> appended, long warmUpMillis)
            throws Exception {
        // per profile: (last_seen, written_at) of every write
        Map<String, List<long[]>> writesOf = new HashMap<>();
        long writes = 0;
        try (ResultSet rs =
                st.executeQuery("SELECT profile_id, last_seen, written_at FROM " + PROBE)) {
            while (rs.next()) {
                writes++;
                writesOf.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(
                                new long[] {
                                    rs.getTimestamp(2).toInstant().toEpochMilli(),
                                    rs.getTimestamp(3).toInstant().toEpochMilli()
                                });
            }
        }
        List<long[]> clicks = latencies(appended, writesOf);
        if (clicks.isEmpty()) {
            console.line(
                    "no profile row matched a click: is 'segment stream' running on %s?",
                    kafka.topic);
            return ExitCodes.FAILURE;
        }
        long firstAppend = clicks.stream().mapToLong(c -> c[0]).min().orElseThrow();
        console.line("");
        console.line(
                "profile writes %,d | clicks measured %,d | clicks no profile row covers %,d"
                        + " (no consent, anonymous visitors merged into a customer)",
                writes, clicks.size(), appended.size() - clicks.size());
        console.line("latency Kafka append -> PostgreSQL row, by when the click was appended:");
        for (Map.Entry<Long, Latencies> e : byInterval(clicks, firstAppend, 5_000).entrySet()) {
            long from = e.getKey() / 1000;
            console.line("  %3d-%3d s  %s", from, from + 5, e.getValue().describe());
        }
        Latencies all = Latencies.of(clicks, firstAppend, Long.MAX_VALUE);
        Latencies steady = Latencies.of(clicks, firstAppend + warmUpMillis, Long.MAX_VALUE);
        console.line("all clicks:          %s", all.describe());
        console.line(
                "after the warm-up:   %s (clicks appended after the first %s)",
                steady.count() == 0 ? "no click" : steady.describe(), warmUp);
        System.out.printf(
                Locale.ROOT,
                "RESULT {\"task\":\"stream-latency\",\"rate\":%d,\"sent_rate\":%.0f,"
                        + "\"measured\":%d,\"p50_ms\":%d,\"p90_ms\":%d,\"p99_ms\":%d,"
                        + "\"max_ms\":%d,\"warm_up_s\":%d,\"after_warm_up\":{\"measured\":%d,"
                        + "\"p50_ms\":%d,\"p90_ms\":%d,\"p99_ms\":%d,\"max_ms\":%d}}%n",
                rate,
                sentRate,
                all.count(),
                all.p50(),
                all.p90(),
                all.p99(),
                all.max(),
                warmUpMillis / 1000,
                steady.count(),
                steady.p50(),
                steady.p90(),
                steady.p99(),
                steady.max());
        return ExitCodes.OK;
    }

    /**
     * Every measured click as {append time, latency} (ms): its latency is the earliest write of its
     * profile whose {@code last_seen} is at or after the click's event time, minus its append time.
     * {@code appended}: profile + NUL + event time (epoch ms) -> append time; {@code writesOf}:
     * profile -> {last_seen, written_at} of each write (reordered here). Clicks no write covers (no
     * consent, a visitor merged into a customer) are left out.
     */
    static List<long[]> latencies(Map<String, Long> appended, Map<String, List<long[]>> writesOf) {
        // sorted by last_seen descending, written_at replaced by the earliest write at or after
        // it: a click is visible once any write covers its event time (a batch keeps only the
        // latest change of a row, so a click's own state may never be written by itself)
        for (List<long[]> w : writesOf.values()) {
            w.sort((a, b) -> Long.compare(b[0], a[0]));
            long earliest = Long.MAX_VALUE;
            for (long[] x : w) {
                earliest = Math.min(earliest, x[1]);
                x[1] = earliest;
            }
        }
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<String, Long> click : appended.entrySet()) {
            String k = click.getKey();
            int cut = k.indexOf('\u0000');
            List<long[]> w = writesOf.get(k.substring(0, cut));
            long ts = Long.parseLong(k.substring(cut + 1));
            if (w == null || w.get(0)[0] < ts) {
                continue; // no write of its profile covers it: not profiled, or merged
            }
            long visible = Long.MAX_VALUE;
            for (long[] x : w) { // descending last_seen: the last one still >= ts wins
                if (x[0] < ts) {
                    break;
                }
                visible = x[1];
            }
            out.add(new long[] {click.getValue(), visible - click.getValue()});
        }
        return out;
    }

    /** The clicks' latencies per {@code width} ms of append time, keyed by ms after {@code t0}. */
    static java.util.SortedMap<Long, Latencies> byInterval(
            List<long[]> clicks, long t0, long width) {
        java.util.SortedMap<Long, Latencies> out = new java.util.TreeMap<>();
        long last = clicks.stream().mapToLong(c -> c[0]).max().orElse(t0);
        for (long from = t0; from <= last; from += width) {
            Latencies l = Latencies.of(clicks, from, from + width);
            if (l.count() > 0) {
                out.put(from - t0, l);
            }
        }
        return out;
    }

    /** Percentiles (nearest rank, ms) of the clicks appended in [from, to). */
    record Latencies(int count, long p50, long p90, long p99, long max) {
        static Latencies of(List<long[]> clicks, long from, long to) {
            List<Long> sorted = new ArrayList<>();
            for (long[] c : clicks) {
                if (c[0] >= from && c[0] < to) {
                    sorted.add(c[1]);
                }
            }
            if (sorted.isEmpty()) {
                return new Latencies(0, 0, 0, 0, 0);
            }
            sorted.sort(null);
            return new Latencies(
                    sorted.size(),
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.90),
                    percentile(sorted, 0.99),
                    sorted.get(sorted.size() - 1));
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%,9d clicks | p50 %5d ms | p90 %5d ms | p99 %5d ms | max %5d ms",
                    count,
                    p50,
                    p90,
                    p99,
                    max);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(List<Long> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
