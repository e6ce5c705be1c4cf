package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** A run-time failure prints its cause, not only the path a wrapper kept. */
class FailureMessageTest {

    @Test
    void theRootCauseIsNamedInPlainWords() {
        Exception e =
                new RuntimeException(
                        "job 'segment rfm classic' failed: /proc/x",
                        new RuntimeException(
                                "java.nio.file.NoSuchFileException: /proc/x",
                                new NoSuchFileException("/proc/x")));
        assertEquals(
                "job 'segment rfm classic' failed: /proc/x (cause: no such file or directory:"
                        + " /proc/x)",
                SegmentCli.causes(e));
    }

    @Test
    void aCauseTheMessageAlreadyGivesIsNotRepeated() {
        Exception e =
                new RuntimeException(
                        "job failed: --k-range must look like 3..8",
                        new IllegalArgumentException("--k-range must look like 3..8"));
        assertEquals("job failed: --k-range must look like 3..8", SegmentCli.causes(e));
        assertEquals("plain", SegmentCli.causes(new IllegalStateException("plain")));
    }
}
