package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a temporary directory that someone else is still emptying. */
class OutputPathsTest {

    @Test
    void deletesATreeWhoseFilesVanishMeanwhile(@TempDir Path tmp) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path dir = tmp.resolve("checkpoints-" + round);
            for (int c = 0; c < 40; c++) {
                Path chk = Files.createDirectories(dir.resolve("chk-" + c));
                for (int f = 0; f < 50; f++) {
                    Files.createFile(chk.resolve("state-" + f));
                }
            }
            // another thread discards old checkpoints, as Flink does after a job ends
            CountDownLatch started = new CountDownLatch(1);
            Thread discarder =
                    new Thread(
                            () -> {
                                started.countDown();
                                for (int c = 39; c >= 0; c--) {
                                    for (int f = 0; f < 50; f++) {
                                        dir.resolve("chk-" + c)
                                                .resolve("state-" + f)
                                                .toFile()
                                                .delete();
                                    }
                                }
                            });
            discarder.start();
            started.await();
            OutputPaths.deleteQuietly(dir);
            discarder.join();
            OutputPaths.deleteQuietly(dir);
            assertFalse(Files.exists(dir), dir + " is gone");
        }
    }

    @Test
    void aMissingDirectoryIsNoError(@TempDir Path tmp) {
        OutputPaths.deleteQuietly(tmp.resolve("never-made"));
    }
}
