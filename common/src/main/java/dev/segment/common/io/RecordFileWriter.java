package dev.segment.common.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/** Writes records of one type to one local file. */
public interface RecordFileWriter<T> extends AutoCloseable {

    void write(T record) throws IOException;

    @Override
    void close() throws IOException;

    /** Creates writers; serializable so a Flink sink can carry it to the task. */
    interface Factory<T> extends Serializable {
        RecordFileWriter<T> open(Path file) throws IOException;
    }
}
