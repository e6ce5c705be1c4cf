package dev.segment.jobs.live;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.sql.Connection;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Watches the store's models table: every {@code interval} it emits the newest model of a succeeded
 * run (only its version when unchanged), for {@link LiveSegments}' broadcast input.
 */
public final class ModelWatcher implements GeneratorFunction<Long, LiveModel> {
    private static final long serialVersionUID = 1L;

    private final StoreConfig config;
    private String lastVersion;
    private transient Connection connection;

    ModelWatcher(StoreConfig config, String startVersion) {
        this.config = config;
        this.lastVersion = startVersion;
    }

    /** The stream of model ticks (parallelism 1, unbounded). */
    public static DataStream<LiveModel> watch(
            StreamExecutionEnvironment env,
            StoreConfig config,
            String startVersion,
            Duration interval) {
        DataGeneratorSource<LiveModel> source =
                new DataGeneratorSource<>(
                        new ModelWatcher(config, startVersion),
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(1000.0 / interval.toMillis()),
                        TypeInformation.of(LiveModel.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Models table watcher")
                .setParallelism(1)
                .uid("model-watcher");
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        // connected on first use, so a store that is down at start only delays the first look
    }

    @Override
    public LiveModel map(Long tick) throws Exception {
        try {
            if (connection == null || connection.isClosed()) {
                connection = Store.connect(config);
            }
            LiveModel newest = LiveModel.newest(connection, lastVersion);
            if (newest == null) {
                return new LiveModel(lastVersion == null ? "" : lastVersion, null, null);
            }
            lastVersion = newest.version;
            return newest;
        } catch (Exception e) {
            // an unreadable store or model must not stop the job: keep the model in use
            if (connection != null) {
                try {
                    connection.close();
                } catch (Exception ignored) {
                    // closing a broken connection
                }
                connection = null;
            }
            org.slf4j.LoggerFactory.getLogger(ModelWatcher.class)
                    .warn(
                            "model watcher: cannot read the newest model, keeping the current"
                                    + " one: {}",
                            dev.segment.common.store.Secrets.scrub(e.getMessage()));
            return new LiveModel(lastVersion == null ? "" : lastVersion, null, null);
        }
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }
}
