package dev.segment.jobs.cli;

/** Process exit codes of {@code bin/segment}; documented in the README and in {@code --help}. */
public final class ExitCodes {
    private ExitCodes() {}

    /** The command did what was asked. */
    public static final int OK = 0;

    /** The command failed at run time (job failure, store unreachable, I/O error). */
    public static final int FAILURE = 1;

    /** The command line or configuration is invalid; nothing was run. */
    public static final int USAGE = 2;

    /** The run completed but the data failed a quality gate (rejected share above the limit). */
    public static final int DATA_QUALITY = 3;
}
