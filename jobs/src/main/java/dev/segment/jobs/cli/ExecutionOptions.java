package dev.segment.jobs.cli;

import picocli.CommandLine.Option;

/** How jobs execute. */
public final class ExecutionOptions {

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    Integer parallelism;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "Parallelism of the embedded Flink mini cluster. Default: number of cores.")
    void parallelism(int n) {
        // checked while the options are read: a bad value must stop the command before it opens
        // the store or reads any input
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(
                    mixee.commandLine(), "--parallelism must be >= 1 but was " + n);
        }
        parallelism = n;
    }

    @Option(
            names = "--plan",
            paramLabel = "FILE",
            description =
                    "Also write the Flink execution plan of the command's job (JSON: every"
                            + " operator with its parallelism and inputs, as Flink's plan"
                            + " visualizer reads it) to FILE, then run the job.")
    void plan(java.nio.file.Path file) {
        // checked while the options are read, before any job starts (exit 2 naming the option)
        try {
            dev.segment.jobs.runtime.FlinkRunner.writePlansTo(OutputPaths.file("--plan", file));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    int parallelismOrDefault() {
        return parallelism != null
                ? parallelism
                : dev.segment.jobs.runtime.FlinkRunner.defaultParallelism();
    }
}
