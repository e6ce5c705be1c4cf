package dev.segment.jobs.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Checks output locations before a job starts, so that an output that cannot be written is a
 * configuration error naming the option (exit 2), not a failure deep inside a running job.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** The checkout bin/segment runs from (system property segment.home), else the current one. */
    static Path home() {
        return Paths.get(System.getProperty("segment.home", "."));
    }

    /** Creates directory {@code dir} (and parents) and checks it is writable. */
    static Path directory(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new IllegalArgumentException(
                    option
                            + " "
                            + dir
                            + " cannot be created: "
                            + (e instanceof java.nio.file.AccessDeniedException
                                    ? "permission denied"
                                    : e instanceof java.nio.file.NoSuchFileException
                                            ? "a folder on its path does not exist and cannot be"
                                                    + " made"
                                            : e.getReason() != null
                                                    ? e.getReason()
                                                    : e.getClass().getSimpleName())
                            + (e.getFile() != null && !e.getFile().equals(dir.toString())
                                    ? " (" + e.getFile() + ")"
                                    : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    option + " " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is not a writable directory");
        }
        return dir;
    }

    /** Checks that {@code file} can be written: its folder is created, the file not yet. */
    static Path file(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(
                    option + " " + file + " is a directory; give a file name");
        }
        if (abs.getParent() != null) {
            directory(option, abs.getParent());
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new IllegalArgumentException(option + " " + file + " is not writable");
        }
        return file;
    }

    /**
     * Deletes a temporary directory and everything in it; what cannot be deleted stays. Files that
     * vanish meanwhile are skipped: Flink may still be discarding an old checkpoint's files when
     * the job has ended (a walk that met one threw and failed a finished run).
     */
    static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(
                    dir,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult visitFile(
                                Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                            file.toFile().delete();
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(
                                Path file, java.io.IOException e) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult postVisitDirectory(
                                Path d, java.io.IOException e) {
                            d.toFile().delete();
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
        } catch (java.io.IOException | RuntimeException e) {
            // a temporary directory; leaving it behind is harmless
        }
    }
}
