package dev.segment.jobs.cli;

import dev.segment.jobs.broker.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code segment demo}: the main job ({@code segment run}: RFM, k-means personas, lifecycle, store)
 * on the bundled CDNOW data, on an embedded cluster and store.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header =
                "The whole pipeline on the bundled CDNOW data, embedded cluster and store, with a"
                        + " summary.",
        description =
                "Runs the main job, exactly as 'segment run' does, on the bundled CDNOW "
                        + "transactions (69,659 purchases of 23,570 customers, 1997-1998) on an "
                        + "embedded Flink mini cluster: RFM per customer, k-means personas with k "
                        + "chosen automatically, lifecycle stage and customer profile. Writes "
                        + "out/demo/ and the embedded store (or $SEGMENT_STORE_DIR, or "
                        + "$SEGMENT_JDBC_URL when set) and prints the RFM segments and the "
                        + "persona table. Needs no server.")
final class DemoCommand implements Callable<Integer> {

    /** The day after CDNOW's last purchase (1998-06-30). */
    static final LocalDate CDNOW_AS_OF = LocalDate.of(1998, 7, 1);

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder. Default: <repo>/out/demo.")
    Path out;

    @Option(
            names = "--store-dir",
            paramLabel = "DIR",
            description =
                    "Directory of the embedded store. Default: $SEGMENT_STORE_DIR or"
                            + " <repo>/out/store.")
    Path storeDir;

    @Option(
            names = "--streaming",
            description =
                    "The streaming half instead: start a local Kafka broker, replay generated"
                            + " clickstream events into it, and run the streaming job over them"
                            + " (sessions, intent, live profiles into the embedded store).")
    boolean streaming;

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        if (streaming) {
            return streamingDemo();
        }
        Path home = OutputPaths.home();
        Path data = home.resolve("data/cdnow/CDNOW_master.txt");
        if (!Files.exists(data)) {
            throw new IllegalStateException(
                    "bundled data missing: " + data + " (run from a full checkout)");
        }
        Path dir = out != null ? out : home.resolve("out/demo");
        System.out.printf(
                "segment demo: the whole pipeline on the CDNOW customers as of %s%n", CDNOW_AS_OF);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--transactions",
                                data.toString(),
                                "--format",
                                "cdnow",
                                "--as-of",
                                CDNOW_AS_OF.toString(),
                                "--out",
                                dir.toString()));
        addStoreAndParallelism(args);
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args.toArray(new String[0]));
        int code = run.call();
        System.out.println();
        System.out.println(
                "next: bin/segment sql --file sql/recipes/01_segment_sizes.sql"
                        + storeHint()
                        + "  |  bin/segment run --help  |  bin/segment --help");
        return code;
    }

    /** The demo's --store-dir for the commands its last line suggests (none by default). */
    private String storeHint() {
        return storeDir == null
                ? ""
                : StoreConnectionOptions.hint(
                        dev.segment.common.store.StoreConfig.embedded(storeDir));
    }

    /** The demo's --store-dir and --parallelism, passed on to the command it runs. */
    private void addStoreAndParallelism(List<String> args) {
        if (storeDir != null) {
            args.addAll(List.of("--store-dir", storeDir.toString()));
        }
        if (execution.parallelism != null) {
            args.addAll(List.of("--parallelism", String.valueOf(execution.parallelism)));
        }
    }

    /** Events generated for the streaming demo: customers, days. */
    static final int STREAM_CUSTOMERS = 2_000;

    static final int STREAM_DAYS = 120;

    private int streamingDemo() throws Exception {
        Path home = OutputPaths.home();
        Path dir = out != null ? out : home.resolve("out/demo-streaming");
        Path data = dir.resolve("data");
        System.out.printf(
                "segment demo --streaming: %,d generated customers' clickstream through a local"
                        + " Kafka broker into the streaming job%n",
                STREAM_CUSTOMERS);
        GenerateCommand generate = new GenerateCommand();
        new CommandLine(generate)
                .parseArgs(
                        "--customers",
                        String.valueOf(STREAM_CUSTOMERS),
                        "--days",
                        String.valueOf(STREAM_DAYS),
                        "--no-parquet",
                        "--out",
                        data.toString());
        int code = generate.call();
        if (code != ExitCodes.OK) {
            return code;
        }
        // the batch run first: its model assigns live segments, its RFM is live RFM's baseline
        System.out.println();
        List<String> runArgs =
                new ArrayList<>(
                        List.of(
                                "--transactions",
                                data.resolve("transactions.csv").toString(),
                                "--out",
                                dir.resolve("run").toString()));
        addStoreAndParallelism(runArgs);
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(runArgs.toArray(new String[0]));
        code = run.call();
        if (code != ExitCodes.OK) {
            return code;
        }
        System.out.println();
        System.out.println("starting a local Kafka broker (KRaft) ...");
        java.nio.file.Files.createDirectories(dir);
        Path kafkaDir = java.nio.file.Files.createTempDirectory(dir, "kafka-");
        try (LocalKafka kafka = LocalKafka.start(0, kafkaDir, java.time.Duration.ofMinutes(2))) {
            System.out.println("kafka ready on " + kafka.bootstrapServers());
            ReplayCommand replay = new ReplayCommand();
            new CommandLine(replay)
                    .parseArgs(
                            "--clicks",
                            data.resolve("clicks.jsonl").toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            "demo-events");
            code = replay.call();
            if (code != ExitCodes.OK) {
                return code;
            }
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--bootstrap-servers",
                                    kafka.bootstrapServers(),
                                    "--topic",
                                    "demo-events",
                                    "--bounded"));
            addStoreAndParallelism(args);
            StreamCommand stream = new StreamCommand();
            new CommandLine(stream).parseArgs(args.toArray(new String[0]));
            code = stream.call();
            if (code == ExitCodes.OK) {
                printLive(stream.storeConfigUsed());
            }
        } finally {
            OutputPaths.deleteQuietly(kafkaDir);
        }
        System.out.println();
        System.out.println(
                "next: bin/segment sql \"SELECT * FROM segment_assignments_live LIMIT 5\""
                        + storeHint()
                        + "  |  bin/segment kafka-local  |  bin/segment stream --help");
        return code;
    }

    /** Live intent and profile counts from the store the stream wrote. */
    private static void printLive(dev.segment.common.store.StoreConfig store) throws Exception {
        if (store == null) {
            return;
        }
        try (java.sql.Connection c = dev.segment.common.store.Store.connect(store);
                java.sql.Statement s = c.createStatement()) {
            System.out.println();
            System.out.println("live intent now (latest session of each profile):");
            try (java.sql.ResultSet r =
                    s.executeQuery(
                            "SELECT COALESCE(last_intent, 'none') AS intent, COUNT(*) AS n"
                                    + " FROM customer_live_profile GROUP BY 1 ORDER BY 2 DESC, 1")) {
                while (r.next()) {
                    System.out.printf(Locale.ROOT, "  %-10s %,8d%n", r.getString(1), r.getLong(2));
                }
            }
            System.out.println("live segments (persona, latest intent):");
            try (java.sql.ResultSet r =
                    s.executeQuery(
                            "SELECT persona, COALESCE(intent, 'none') AS intent, COUNT(*) AS n"
                                    + " FROM segment_assignments_live GROUP BY 1, 2"
                                    + " ORDER BY 1, 3 DESC, 2")) {
                while (r.next()) {
                    System.out.printf(
                            Locale.ROOT,
                            "  %-28s %-10s %,8d%n",
                            r.getString(1),
                            r.getString(2),
                            r.getLong(3));
                }
            }
            System.out.println("profiles by kind:");
            try (java.sql.ResultSet r =
                    s.executeQuery(
                            "SELECT CASE WHEN customer_id IS NULL THEN 'anonymous visitor'"
                                    + " ELSE 'customer' END AS kind, visitor_type, COUNT(*)"
                                    + " FROM customer_live_profile GROUP BY 1, 2 ORDER BY 1, 2")) {
                while (r.next()) {
                    System.out.printf(
                            Locale.ROOT,
                            "  %-18s %-10s %,8d%n",
                            r.getString(1),
                            r.getString(2),
                            r.getLong(3));
                }
            }
        }
    }
}
