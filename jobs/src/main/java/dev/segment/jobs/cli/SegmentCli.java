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
            SessionsCommand.class,
            StreamCommand.class,
            ReplayCommand.class,
            KafkaLocalCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            SqlCommand.class,
            PruneCommand.class,
            ExportCommand.class,
            ConsentCommand.class,
            ForgetCommand.class,
            SubmitCommand.class,
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
        // the store's TIMESTAMP columns hold UTC: the JVM's zone must not shift (or, around a
        // daylight-saving change, reorder) the instants written and read
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        LOG.info("segment {} (code {})", commandLineForLog(args), codeVersion());
        // --plan holds for this command only (tests run several in one JVM)
        dev.segment.jobs.runtime.FlinkRunner.writePlansTo(null);
        CommandLine cli = new CommandLine(new SegmentCli());
        // submit passes the options it does not know on to its COMMAND
        cli.getSubcommands().get("submit").setUnmatchedOptionsArePositionalParams(true);
        // a mistyped option gets the reason, a suggestion and where the options are listed, not
        // two screens of help that push the reason out of sight
        cli.setParameterExceptionHandler(
                (ex, ignored) -> {
                    CommandLine failed = ex.getCommandLine();
                    PrintWriter err = failed.getErr();
                    err.println("segment: " + Secrets.scrub(ex.getMessage()));
                    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
                    err.println(
                            "Try '"
                                    + failed.getCommandSpec().qualifiedName()
                                    + " --help' for its options.");
                    err.flush();
                    return ExitCodes.USAGE;
                });
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
                    // WARN: the log file gets the trace, the console only the one-line reason
                    LOG.warn("segment {} failed", commandLine.getCommandName(), scrubbedCopy(ex));
                    err.println(
                            "segment: "
                                    + commandLine.getCommandName()
                                    + " failed: "
                                    + Secrets.scrub(causes(ex)));
                    if (System.getenv("SEGMENT_DEBUG") != null) {
                        java.io.StringWriter trace = new java.io.StringWriter();
                        ex.printStackTrace(new PrintWriter(trace));
                        err.print(Secrets.scrub(trace.toString()));
                        err.flush(); // print does not flush, and the JVM exits next
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

    /**
     * The message of {@code ex} and, when the root cause says something it does not, that cause in
     * plain words: "job 'segment rfm' failed: /proc/x (cause: no such file or directory: /proc/x)",
     * not only "/proc/x".
     */
    static String causes(Throwable ex) {
        String top = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        Throwable root = ex;
        java.util.Set<Throwable> seen =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        if (root == ex) {
            return top;
        }
        String reason = explain(root);
        // a file-system error's message is only a path: its kind is the news, so always say it
        boolean repeats =
                top.contains(reason)
                        || (!(root instanceof java.nio.file.FileSystemException)
                                && root.getMessage() != null
                                && top.contains(root.getMessage()));
        return repeats ? top : top + " (cause: " + reason + ")";
    }

    private static String explain(Throwable t) {
        if (t instanceof java.nio.file.NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (t instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException f) {
            return "exists and is in the way: " + f.getFile();
        }
        if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /**
     * The command line with secrets masked; registers them first, so that everything printed later
     * is scrubbed of them too (before picocli has parsed anything).
     */
    static String commandLineForLog(String... args) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--jdbc-password") && i + 1 < args.length) {
                Secrets.register(args[i + 1]);
            } else if (a.startsWith("--jdbc-password=")) {
                Secrets.register(a.substring("--jdbc-password=".length()));
            } else {
                Secrets.registerFrom(a);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            // a customer to forget is personal data: the log must not keep who it was
            boolean masked =
                    i > 0
                            && (args[i - 1].equals("--jdbc-password")
                                    || args[i - 1].equals("--customer"));
            line.append(
                    masked
                            ? Secrets.MASK
                            : a.startsWith("--customer=") ? "--customer=" + Secrets.MASK : a);
        }
        return Secrets.scrub(line.toString());
    }

    /** An exception with the same stack trace and class names, but scrubbed messages. */
    private static Throwable scrubbedCopy(Throwable ex) {
        Throwable cause =
                ex.getCause() != null && ex.getCause() != ex ? scrubbedCopy(ex.getCause()) : null;
        RuntimeException copy =
                new RuntimeException(
                        ex.getClass().getName() + ": " + Secrets.scrub(ex.getMessage()), cause);
        copy.setStackTrace(ex.getStackTrace());
        return copy;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SegmentCli.class);

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
