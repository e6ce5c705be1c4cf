package dev.segment.jobs.cli;

import dev.segment.jobs.generate.GeneratorConfig;
import dev.segment.jobs.generate.SyntheticDataGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segment generate}: synthetic transactions, clicks and ground truth at any size. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        header = "Synthetic transactions, clicks and ground truth with planted groups.",
        description =
                "Write synthetic customers with planted behaviour groups: "
                        + "transactions.csv and transactions.parquet (canonical columns), "
                        + "clicks.jsonl, truth.csv (customer_id,group), customers.csv and "
                        + "generation.json. The same seed gives identical files.")
final class GenerateCommand implements Callable<Integer> {

    @Option(
            names = "--customers",
            required = true,
            paramLabel = "N",
            description = "Number of customers.")
    long customers;

    @Option(
            names = "--days",
            defaultValue = "730",
            paramLabel = "D",
            description = "Window length in days (>= 120). Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "S",
            description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--start",
            defaultValue = "2023-01-01",
            paramLabel = "DATE",
            description = "First day of the window. Default: ${DEFAULT-VALUE}.")
    String start;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--no-clicks", description = "Do not write clicks.jsonl.")
    boolean noClicks;

    @Option(names = "--no-parquet", description = "Do not write transactions.parquet.")
    boolean noParquet;

    @Option(names = "--returns", description = "Add about 1%% return lines (negative amounts).")
    boolean returns;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config =
                new GeneratorConfig(
                                customers,
                                days,
                                seed,
                                RfmCommand.date("--start", start),
                                out,
                                !noClicks,
                                !noParquet,
                                returns)
                        .validate();
        System.out.printf(
                "> generating %,d customers over %d days from %s (seed %d) into %s%n",
                customers, days, config.start(), seed, out);
        SyntheticDataGenerator.Summary s =
                new SyntheticDataGenerator(config)
                        .generate(n -> System.out.printf("  ... %,d customers%n", n));
        System.out.println(s.toHumanString());
        return ExitCodes.OK;
    }
}
