package dev.segment.common.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Splits the given files into byte ranges so that even a single large CSV is read by every reader.
 * Flink's block-splitting enumerator relies on file-system blocks, and a local file is one block,
 * so without this one big file would be read by one task. Ranges are at least {@code
 * minSplitBytes}; with {@code n} desired splits the total is cut into about {@code 2n} pieces so
 * faster readers can take more.
 */
public final class ByteRangeSplitter implements FileEnumerator {

    /** Serializable factory for {@code FileSource.setFileEnumerator}. */
    public static FileEnumerator.Provider provider(long minSplitBytes) {
        return () -> new ByteRangeSplitter(minSplitBytes);
    }

    private final long minSplitBytes;

    public ByteRangeSplitter(long minSplitBytes) {
        this.minSplitBytes = minSplitBytes;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        List<FileStatus> files = new ArrayList<>();
        long total = 0;
        for (Path p : paths) {
            FileStatus s = p.getFileSystem().getFileStatus(p);
            files.add(s);
            total += s.getLen();
        }
        long target = Math.max(minSplitBytes, total / Math.max(1, 2L * minDesiredSplits) + 1);
        List<FileSourceSplit> splits = new ArrayList<>();
        int id = 0;
        for (FileStatus f : files) {
            long len = f.getLen();
            FileSystem fs = f.getPath().getFileSystem();
            if (len == 0 || NumberedLineFormat.compressed(f.getPath())) {
                // empty, or gzip (a stream that cannot be entered in the middle): one split
                splits.add(
                        new FileSourceSplit(
                                String.valueOf(id++),
                                f.getPath(),
                                0,
                                len,
                                f.getModificationTime(),
                                len));
                continue;
            }
            for (long off = 0; off < len; off += target) {
                long n = Math.min(target, len - off);
                splits.add(
                        new FileSourceSplit(
                                String.valueOf(id++),
                                f.getPath(),
                                off,
                                n,
                                f.getModificationTime(),
                                len));
            }
            assert fs != null;
        }
        return splits;
    }
}
