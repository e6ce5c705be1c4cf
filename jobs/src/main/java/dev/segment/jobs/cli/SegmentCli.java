package dev.segment.jobs.cli;

import dev.segment.common.store.Secrets;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/segment}: the one entry point. Only wiring lives here; every command delegates. */
@Command(
        name = "segment",
        mixinStandardHelpOptions = true,
        versionProvider = SegmentCli.Version.class,
        description = {
            "Customer segmentation on Apache Flink: RFM features, k-means personas, a SQL store.",
            ""
        },
        subcommands = {
            DemoCommand.class,
            RfmCommand.class,
            RunCommand.class,
            ClusterCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            SqlCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  run-time failure (job failed, store unreachable, I/O error)",
            "  2  invalid command line or configuration (nothing was run)",
            "  3  data-quality gate failed (rejected share above --max-rejected-share)",
            "",
            "Run 'segment demo' for a first look; 'segment COMMAND --help' for details."
        })
public final class SegmentCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SegmentCli());
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    if (ex instanceof UsageException) {
                        err.println("segment: " + Secrets.scrub(ex.getMessage()));
                        return ExitCodes.USAGE;
                    }
                    if (ex instanceof dev.segment.common.store.ReadOnlyStatement.Refused) {
                        err.println("segment: sql refused: " + Secrets.scrub(ex.getMessage()));
                        return ExitCodes.USAGE;
                    }
                    if (ex instanceof IllegalArgumentException) {
                        // Configuration validated at start-up: the message names the option.
                        err.println(
                                "segment: invalid configuration: "
                                        + Secrets.scrub(ex.getMessage()));
                        return ExitCodes.USAGE;
                    }
                    err.println(
                            "segment: "
                                    + commandLine.getCommandName()
                                    + " failed: "
                                    + Secrets.scrub(ex.getMessage()));
                    if (System.getenv("SEGMENT_DEBUG") != null) {
                        java.io.StringWriter trace = new java.io.StringWriter();
                        ex.printStackTrace(new PrintWriter(trace));
                        err.print(Secrets.scrub(trace.toString()));
                    } else {
                        err.println(
                                "(set SEGMENT_DEBUG=1 for the stack trace; logs in "
                                        + System.getProperty("segment.log.dir", "/tmp/segment-logs")
                                        + ")");
                    }
                    return ExitCodes.FAILURE;
                });
        return cli.execute(args);
    }

    /** Thrown by commands for a usage error detected after parsing. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"segment " + codeVersion() + " (Apache Flink 2.0.0)"};
        }
    }

    /** The code version recorded with every run and model. */
    public static String codeVersion() {
        String v = SegmentCli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
