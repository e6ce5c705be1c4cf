package dev.segment.jobs.cli;

import dev.segment.jobs.rfm.SegmentTable;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --segments FILE}: the rules that name RFM segments, shared by rfm and run. */
public final class SegmentRulesOptions {

    @Option(
            names = "--segments",
            paramLabel = "FILE",
            description =
                    "Segment rules, CSV with header "
                            + SegmentTable.HEADER
                            + " (scores 1-5, inclusive; first match wins; otherwise Others)."
                            + " Default: the built-in table (README).")
    Path file;

    /** The rules: the file's, or the built-in table. */
    SegmentTable table() {
        return file == null ? SegmentTable.DEFAULT : SegmentTable.load(file);
    }
}
