package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.rfm.RfmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code segment demo}: the bundled CDNOW data through the pipeline on an embedded cluster and
 * store.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "RFM on the bundled CDNOW data, on an embedded cluster and store, with a summary.",
        description = {
            "Run RFM on the bundled CDNOW transactions (69,659 purchases of 23,570 customers,",
            "1997-1998) on an embedded Flink mini cluster, write the results to out/demo/ and",
            "to the embedded store, and print a summary. Needs no server."
        })
final class DemoCommand implements Callable<Integer> {

    /** The day after CDNOW's last purchase (1998-06-30). */
    static final LocalDate CDNOW_AS_OF = LocalDate.of(1998, 7, 1);

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder. Default: <repo>/out/demo.")
    Path out;

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
        OutputPaths.directory("--out", dir);
        Console console = new Console(System.out);
        console.line(
                "segment demo: RFM of the CDNOW customers as of %s (classic definition)",
                CDNOW_AS_OF);
        CsvLayout layout = CsvLayout.cdnow();
        StoreConfig store = StoreConfig.embedded(home.resolve("out/store"));
        RfmRun.Result r =
                new RfmRun(console)
                        .execute(
                                new RfmRun.Request(
                                        TransactionFiles.of(data, layout),
                                        layout,
                                        RfmConfig.classic(CDNOW_AS_OF),
                                        dir.resolve("rfm.csv"),
                                        dir.resolve("dead-letters.csv"),
                                        0.01,
                                        store,
                                        null,
                                        execution.parallelismOrDefault(),
                                        RfmRun.params(
                                                "demo",
                                                "cdnow",
                                                "definition",
                                                "classic",
                                                "as_of",
                                                CDNOW_AS_OF)));
        console.line("");
        console.line(
                "next: bin/segment sql \"SELECT * FROM runs\"  |  bin/segment run --transactions data/cdnow/CDNOW_master.txt --format cdnow --k auto --out out/run  |  bin/segment --help");
        return r.gatePassed() ? ExitCodes.OK : ExitCodes.DATA_QUALITY;
    }
}
