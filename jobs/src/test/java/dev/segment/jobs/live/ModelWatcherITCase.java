package dev.segment.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job's model watcher against a real (embedded) store's runs and models tables: it hands
 * on the newest model of a succeeded run once, then only its version until a newer one of a
 * succeeded run lands; a newer model of a failed run is never taken.
 */
class ModelWatcherITCase {

    @Test
    void takesTheNewestSucceededRunsModelOnceAndNoticesANewerOne(@TempDir Path dir)
            throws Exception {
        StoreConfig store = StoreConfig.embedded(dir);
        Store.migrate(store);
        ModelWatcher watcher = new ModelWatcher(store, null);
        try {
            LiveModel tick = watcher.map(0L);
            assertEquals("", tick.version, "no model yet");
            assertNull(tick.json);

            insert(store, "v1", "succeeded", "2026-01-01 02:00:00");
            tick = watcher.map(1L);
            assertEquals("v1", tick.version);
            assertNotNull(tick.json, "a new model comes whole");
            assertEquals(
                    "Loyal",
                    new LiveModel("v1", "run-v1", tick.json).validate("v1").personaName(1));

            tick = watcher.map(2L);
            assertEquals("v1", tick.version);
            assertNull(tick.json, "an unchanged model comes as its version only");

            insert(store, "v2", "failed", "2026-01-02 02:00:00");
            tick = watcher.map(3L);
            assertEquals("v1", tick.version, "a failed run's model is not taken");
            assertNull(tick.json);

            insert(store, "v3", "succeeded", "2026-01-03 02:00:00");
            tick = watcher.map(4L);
            assertEquals("v3", tick.version, "the newer succeeded run's model");
            assertEquals(
                    "Champions",
                    new LiveModel("v3", "run-v3", tick.json).validate("v3").personaName(1));
        } finally {
            watcher.close();
        }
    }

    /** A run with {@code status} and its model (second persona named after the version). */
    private static void insert(StoreConfig store, String version, String status, String at)
            throws Exception {
        String json =
                LiveSegmentsTest.model(version, 3, version.equals("v1") ? "Loyal" : "Champions")
                        .json;
        try (Connection c = Store.connect(store)) {
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "INSERT INTO runs (run_id, command, started_at, status) VALUES"
                                    + " (?, 'run', CAST(? AS TIMESTAMP), ?)")) {
                ps.setString(1, "run-" + version);
                ps.setString(2, at);
                ps.setString(3, status);
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "INSERT INTO models (version, run_id, created_at, blob) VALUES"
                                    + " (?, ?, CAST(? AS TIMESTAMP), ?)")) {
                ps.setString(1, version);
                ps.setString(2, "run-" + version);
                ps.setString(3, at);
                ps.setString(4, json);
                ps.executeUpdate();
            }
        }
    }
}
