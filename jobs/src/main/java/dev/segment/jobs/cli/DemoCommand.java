package dev.segment.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        Path home = Paths.get(System.getProperty("segment.home", "."));
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
        if (storeDir != null) {
            args.addAll(List.of("--store-dir", storeDir.toString()));
        }
        if (execution.parallelism != null) {
            args.addAll(List.of("--parallelism", String.valueOf(execution.parallelism)));
        }
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args.toArray(new String[0]));
        int code = run.call();
        System.out.println();
        System.out.println(
                "next: bin/segment sql --file sql/recipes/01_segment_sizes.sql  |  bin/segment run"
                        + " --help  |  bin/segment --help");
        return code;
    }
}
