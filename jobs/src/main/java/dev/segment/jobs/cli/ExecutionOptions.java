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

    int parallelismOrDefault() {
        return parallelism != null
                ? parallelism
                : dev.segment.jobs.runtime.FlinkRunner.defaultParallelism();
    }
}
