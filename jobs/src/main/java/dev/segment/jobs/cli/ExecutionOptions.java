package dev.segment.jobs.cli;

import picocli.CommandLine.Option;

/** How jobs execute. */
public final class ExecutionOptions {

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "Parallelism of the embedded Flink mini cluster. Default: number of cores.")
    Integer parallelism;

    @Option(
            names = "--plan",
            paramLabel = "FILE",
            description =
                    "Also write the Flink execution plan of the command's job (JSON: every"
                            + " operator with its parallelism and inputs, as Flink's plan"
                            + " visualizer reads it) to FILE, then run the job.")
    void plan(java.nio.file.Path file) {
        dev.segment.jobs.runtime.FlinkRunner.writePlansTo(file);
    }

    int parallelismOrDefault() {
        return parallelism != null
                ? parallelism
                : dev.segment.jobs.runtime.FlinkRunner.defaultParallelism();
    }
}
