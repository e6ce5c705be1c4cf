package dev.segment.common.store;

import dev.segment.common.io.Sha256;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Bulk loading of a batch run's per-customer results. On PostgreSQL the job's writers COPY into
 * run-scoped staging tables (unlogged, without indexes), and the run publishes them in one
 * transaction when it succeeds: each staging table becomes the run's partition (replacing an
 * earlier one of the run id), or, if the run fails, the staging tables are dropped. On the embedded
 * DuckDB store the writers spool CSV files into a run-scoped folder beside the database ({@link
 * SpoolCsvSink}), and the publishing transaction replaces the run's rows by the files' rows
 * (DuckDB's parallel CSV reader); a failed run's folders are deleted. Either way a failed or killed
 * run leaves nothing visible, and a re-run of a run id replaces its rows exactly.
 */
public final class BulkTables {
    private BulkTables() {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkTables.class);

    /** The per-customer result tables a run stages on PostgreSQL. */
    public static final List<String> STAGED =
            List.of("customer_rfm", "run_assignments", "customer_features");

    /**
     * The Flink sink of a run's rows of a {@link #STAGED} table: COPY into the run's staging table
     * on PostgreSQL, CSV files in the run's spool folder on DuckDB.
     */
    public static <T> org.apache.flink.api.connector.sink2.Sink<T> sink(
            StoreConfig config,
            String table,
            String runId,
            List<String> columns,
            RowBinding<T> binding) {
        return staging(config).sink(table, runId, columns, binding);
    }

    /**
     * Where a run's rows wait until the run succeeds, and how they become visible: one per kind of
     * store, so that the steps of a run (create, write, publish, discard, clean up) read the same.
     */
    private interface Staging {
        <T> org.apache.flink.api.connector.sink2.Sink<T> sink(
                String table, String runId, List<String> columns, RowBinding<T> binding);

        /** Makes the run's staging places empty (an earlier attempt's rows go). */
        void create(String runId, List<String> tables);

        /** Work before the publishing transaction (none by default). */
        default void beforePublish(String runId, List<String> tables) {}

        /**
         * In the publishing transaction: the run's staged rows of {@code table} become its rows.
         */
        void publish(Connection c, String table, String runId) throws SQLException;

        /** After the publishing transaction committed (nothing by default). */
        default void afterPublish(String runId, List<String> tables) {}

        /** Drops a failed run's staged rows: its staging places are named by {@link #stage}. */
        default void discard(String runId, List<String> tables) {
            drop(runId, tables.stream().map(t -> stage(t, runId)).toList());
        }

        /** Every staging place in the store, by name. */
        List<String> all(Connection c) throws SQLException;

        /**
         * Drops staging places by name ({@link #all}'s names); {@code whose} names their run in an
         * error.
         */
        void drop(String whose, List<String> names);
    }

    private static Staging staging(StoreConfig config) {
        return duck(config) ? new DuckDbSpool(config) : new PostgresStaging(config);
    }

    /**
     * PostgreSQL: unlogged staging tables, COPY from the writers, attached as the run's partition.
     */
    private record PostgresStaging(StoreConfig config) implements Staging {
        @Override
        public <T> org.apache.flink.api.connector.sink2.Sink<T> sink(
                String table, String runId, List<String> columns, RowBinding<T> binding) {
            return new PgCopySink<>(config, stage(table, runId), columns, binding);
        }

        @Override
        public void create(String runId, List<String> tables) {
            execute(
                    config,
                    runId,
                    tables.stream()
                            .flatMap(
                                    t ->
                                            java.util.stream.Stream.of(
                                                    "DROP TABLE IF EXISTS " + stage(t, runId),
                                                    "CREATE UNLOGGED TABLE "
                                                            + stage(t, runId)
                                                            + " (LIKE "
                                                            + t
                                                            + " INCLUDING DEFAULTS,"
                                                            // says whose the rows are, so that
                                                            // the attach need not scan them
                                                            + " CHECK (run_id = "
                                                            + SegmentLedger.literal(runId)
                                                            + "))"))
                            .toList());
        }

        @Override
        public void beforePublish(String runId, List<String> tables) {
            prepare(config, runId, tables);
        }

        @Override
        public void publish(Connection c, String table, String runId) throws SQLException {
            attach(c, table, runId);
        }

        @Override
        public List<String> all(Connection c) throws SQLException {
            return stagingTables(c);
        }

        @Override
        public void drop(String whose, List<String> names) {
            execute(config, whose, names.stream().map(t -> "DROP TABLE IF EXISTS " + t).toList());
        }
    }

    /** DuckDB: CSV files spooled beside the database, loaded in the publishing transaction. */
    private record DuckDbSpool(StoreConfig config) implements Staging {
        @Override
        public <T> org.apache.flink.api.connector.sink2.Sink<T> sink(
                String table, String runId, List<String> columns, RowBinding<T> binding) {
            return new SpoolCsvSink<>(spool(config, table, runId), columns, binding);
        }

        @Override
        public void create(String runId, List<String> tables) {
            discard(runId, tables); // a writer makes its folder; an earlier attempt's go
        }

        @Override
        public void publish(Connection c, String table, String runId) throws SQLException {
            load(c, table, runId, spool(config, table, runId));
        }

        @Override
        public void afterPublish(String runId, List<String> tables) {
            discard(runId, tables);
        }

        @Override
        public List<String> all(Connection c) {
            return spools(config);
        }

        @Override
        public void drop(String whose, List<String> names) {
            names.forEach(t -> deleteSpool(spoolRoot(config).resolve(t)));
        }
    }

    /** The folder beside a DuckDB store's file where its runs spool their rows. */
    static java.nio.file.Path spoolRoot(StoreConfig config) {
        return java.nio.file.Path.of(config.duckDbFile() + ".staging");
    }

    /** The folder a run spools {@code table}'s rows into on a DuckDB store. */
    static java.nio.file.Path spool(StoreConfig config, String table, String runId) {
        return spoolRoot(config).resolve(stage(table, runId));
    }

    private static boolean duck(StoreConfig config) {
        return config.kind() == StoreConfig.Kind.DUCKDB;
    }

    /** The staging table of {@code table} for {@code runId} (a name PostgreSQL accepts). */
    public static String stage(String table, String runId) {
        // the digest's first 6 bytes: 12 hex digits
        return "stage_" + table + "_" + Sha256.hex(runId).substring(0, 12);
    }

    /** Makes empty staging tables for {@code tables} (an earlier attempt's are dropped). */
    public static void create(StoreConfig config, String runId, List<String> tables) {
        staging(config).create(runId, tables);
    }

    /**
     * Publishes a succeeded run in one transaction: replaces the run's rows of each staged table by
     * its staged rows (PostgreSQL), removes erased customers from them, and, for a run with
     * assignments, makes them the current segments ({@link SegmentLedger}).
     *
     * @return what the segment publication did, or null for a run without assignments
     */
    public static SegmentLedger.Published publish(
            StoreConfig config, String runId, List<String> staged, boolean segments) {
        return publish(config, runId, staged, segments, List.of(), true, c -> {}, 1.0);
    }

    /**
     * The run id a re-run of {@code runId} writes its rows under on the embedded store, until it
     * succeeds and {@link #publish} gives them the run id (a failed re-run's are deleted).
     */
    public static String shadow(String runId) {
        return runId + "~rerun";
    }

    /** Work done in the publishing transaction, after the rows are published. */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /**
     * Like {@link #publish(StoreConfig, String, List, boolean)}, with {@code alsoThen} in the same
     * transaction (the run's row saying it succeeded: a crash cannot leave published results of a
     * run that says it is still running); refused ({@link SegmentLedger.Refused} as the cause,
     * nothing published) when more than {@code maxExitedShare} of the current customers would exit
     * (1: never).
     */
    public static SegmentLedger.Published publish(
            StoreConfig config,
            String runId,
            List<String> staged,
            boolean segments,
            List<String> shadowed,
            boolean consentStated,
            InTransaction alsoThen,
            double maxExitedShare) {
        long start = System.nanoTime();
        Staging staging = staging(config);
        staging.beforePublish(runId, staged);
        SegmentLedger.Published out =
                Store.transaction(
                        config,
                        "publish the results of run " + runId,
                        c -> {
                            for (String t : staged) {
                                staging.publish(c, t, runId);
                            }
                            return publishLedger(
                                    c,
                                    runId,
                                    segments,
                                    shadowed,
                                    consentStated,
                                    alsoThen,
                                    maxExitedShare);
                        });
        staging.afterPublish(runId, staged);
        LOG.info("run {} published in {} ms", runId, (System.nanoTime() - start) / 1_000_000);
        return out;
    }

    private static SegmentLedger.Published publishLedger(
            Connection c,
            String runId,
            boolean segments,
            List<String> shadowed,
            boolean consentStated,
            InTransaction alsoThen,
            double maxExitedShare)
            throws SQLException {
        java.time.Instant at =
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (String t : shadowed) {
            replaceByShadow(c, t, runId);
        }
        SegmentLedger.Published published = null;
        if (segments) {
            published = SegmentLedger.publish(c, runId, at, consentStated, maxExitedShare);
        } else {
            Erasure.suppress(c, runId);
        }
        if (!segments && consentStated) {
            ConsentLedger.fromRun(c, runId, at);
        }
        alsoThen.run(c);
        return published;
    }

    /**
     * Replaces the run's rows of {@code table} by the CSV files its writers spooled (DuckDB), in
     * the publishing transaction. The per-run tables have no index on DuckDB (see its baseline
     * migration), so the load is an append.
     */
    static void load(Connection c, String table, String runId, java.nio.file.Path folder)
            throws SQLException {
        try (java.sql.PreparedStatement del =
                c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
            del.setString(1, runId);
            del.executeUpdate();
        }
        List<java.nio.file.Path> parts = new java.util.ArrayList<>();
        if (java.nio.file.Files.isDirectory(folder)) {
            try (var files = java.nio.file.Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().matches("part-\\d+\\.csv"))
                        .sorted()
                        .forEach(parts::add);
            } catch (java.io.IOException e) {
                throw new SQLException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        String header;
        try (java.io.BufferedReader r =
                java.nio.file.Files.newBufferedReader(
                        parts.get(0), java.nio.charset.StandardCharsets.UTF_8)) {
            header = r.readLine();
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read " + parts.get(0) + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(
                    "COPY "
                            + table
                            + " ("
                            + header
                            + ") FROM "
                            + SegmentLedger.literal(folder.resolve("part-*.csv").toString())
                            // PostgreSQL COPY's CSV: an unquoted empty field is NULL, a quoted
                            // one an empty string
                            + " (FORMAT csv, HEADER true, NULL '', ALLOW_QUOTED_NULLS false)");
        }
        LOG.info(
                "{} loaded from {} spooled files in {} ms",
                table,
                parts.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void deleteSpool(java.nio.file.Path folder) {
        try {
            dev.segment.common.io.Folders.deleteTree(folder);
        } catch (java.io.IOException e) {
            throw new Store.StoreException(
                    "cannot delete the spooled rows in " + folder + ": " + e.getMessage(), e);
        }
    }

    // a re-run's rows, written under the shadow id, replace the run's earlier ones
    private static void replaceByShadow(Connection c, String table, String runId)
            throws SQLException {
        try (java.sql.PreparedStatement del =
                        c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?");
                java.sql.PreparedStatement move =
                        c.prepareStatement(
                                "UPDATE "
                                        + table
                                        // a model's version is its run id
                                        + (table.equals("models") ? " SET version = ?," : " SET")
                                        + " run_id = ? WHERE run_id = ?")) {
            del.setString(1, runId);
            del.executeUpdate();
            int i = 1;
            if (table.equals("models")) {
                move.setString(i++, runId);
            }
            move.setString(i++, runId);
            move.setString(i, shadow(runId));
            move.executeUpdate();
        }
    }

    /** Removes erased customers from a failed run's rows (those kept on the embedded store). */
    public static void suppressErased(StoreConfig config, String runId) {
        Store.transaction(
                config,
                "remove erased customers from run " + runId,
                c -> Erasure.suppress(c, runId));
    }

    /**
     * Key columns of each staged table: its partitions' primary key (PostgreSQL's V17), which also
     * serves lookups by customer.
     */
    private static final java.util.Map<String, List<String>> KEYS =
            java.util.Map.of(
                    "customer_rfm", List.of("customer_id", "definition", "run_id"),
                    "run_assignments", List.of("customer_id", "run_id"),
                    "customer_features", List.of("customer_id", "run_id"));

    /**
     * Makes the staged tables of a succeeded run ready to be attached, before the publishing
     * transaction and each table on its own connection at once (the index builds and rewrites use
     * the cores the finished job left idle): the staged rows are made durable and keyed, with a
     * constraint saying whose they are, so the attach neither scans nor builds anything. A row
     * staged twice (a writer retried after its COPY ended) is kept once. The staging tables are the
     * run's own: nobody else reads or writes them meanwhile.
     */
    static void prepare(StoreConfig config, String runId, List<String> staged) {
        if (staged.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(staged.size() + 1);
        try {
            List<java.util.concurrent.Future<Void>> done = new java.util.ArrayList<>();
            List<String> work = new java.util.ArrayList<>(staged);
            if (staged.contains("run_assignments")) {
                work.add("segment_history"); // the diff's other side: its statistics too
            }
            for (String t : work) {
                done.add(
                        pool.submit(
                                () -> {
                                    try (Connection c = Store.connect(config);
                                            Statement s = c.createStatement()) {
                                        if (staged.contains(t)) {
                                            prepare(c, t, runId);
                                        } else {
                                            SegmentLedger.update(s, "ANALYZE " + t);
                                        }
                                    }
                                    return null;
                                }));
            }
            for (java.util.concurrent.Future<Void> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Store.StoreException("interrupted preparing the results of run " + runId, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Store.StoreException(
                    "cannot prepare the results of run "
                            + runId
                            + " in "
                            + config.describe()
                            + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void prepare(Connection c, String table, String runId) throws SQLException {
        String stage = stage(table, runId);
        List<String> key = KEYS.get(table);
        try (Statement s = c.createStatement()) {
            SegmentLedger.update(s, "ALTER TABLE " + stage + " SET LOGGED");
            String pk =
                    "ALTER TABLE " + stage + " ADD PRIMARY KEY (" + String.join(", ", key) + ")";
            try {
                SegmentLedger.update(s, pk);
            } catch (SQLException duplicate) {
                SegmentLedger.update(
                        s,
                        "DELETE FROM "
                                + stage
                                + " a USING "
                                + stage
                                + " b WHERE a.ctid > b.ctid AND "
                                + String.join(
                                        " AND ",
                                        key.stream().map(k -> "a." + k + " = b." + k).toList()));
                SegmentLedger.update(s, pk);
            }
            // fresh statistics: without them the planner guessed a few thousand rows and joined
            // the publication's diff by sorting both sides on disk (2-3x slower than hashing)
            SegmentLedger.update(s, "ANALYZE " + stage);
        }
    }

    /**
     * Makes the run's prepared staging table of {@code table} the run's partition (PostgreSQL
     * partitions the per-run tables by run id), in the publishing transaction: an earlier partition
     * of the run id goes, and the table is attached and renamed, which takes milliseconds instead
     * of rewriting the rows into the table.
     */
    static void attach(Connection c, String table, String runId) throws SQLException {
        String stage = stage(table, runId);
        String r = SegmentLedger.literal(runId);
        try (Statement s = c.createStatement()) {
            dropPartition(c, table, runId);
            // rows of the run id outside a partition of its own (the default one) would collide
            SegmentLedger.update(s, "DELETE FROM " + table + " WHERE run_id = " + r);
            SegmentLedger.update(
                    s,
                    "ALTER TABLE "
                            + table
                            + " ATTACH PARTITION "
                            + stage
                            + " FOR VALUES IN ("
                            + r
                            + ")");
            SegmentLedger.update(
                    s, "ALTER TABLE " + stage + " RENAME TO " + partition(table, runId));
        }
    }

    /** The name of the run's partition of {@code table} once published. */
    static String partition(String table, String runId) {
        return "part" + stage(table, runId).substring("stage".length());
    }

    /**
     * Drops the partition of {@code table} that holds run {@code runId}'s rows, if there is one
     * (PostgreSQL; found by its bound, so partitions made by the migration are found too).
     */
    public static void dropPartition(Connection c, String table, String runId) throws SQLException {
        List<String> parts = new java.util.ArrayList<>();
        try (java.sql.PreparedStatement ps =
                c.prepareStatement(
                        "SELECT k.relname FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid"
                                + " WHERE i.inhparent = ?::regclass"
                                + " AND pg_get_expr(k.relpartbound, k.oid) = ?")) {
            ps.setString(1, table);
            ps.setString(2, "FOR VALUES IN (" + SegmentLedger.literal(runId) + ")");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String p : parts) {
                s.execute("DROP TABLE \"" + p + "\"");
            }
        }
    }

    /** Drops the staging tables of a failed run. */
    public static void discard(StoreConfig config, String runId, List<String> tables) {
        staging(config).discard(runId, tables);
    }

    /** How long a run may say "running" before its staging tables count as left behind. */
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(24);

    /**
     * Staging tables no live run owns: those of runs that ended, that no run row knows, or whose
     * run has said "running" for longer than {@link #STALE_AFTER} (a killed process never finishes
     * its row). On DuckDB these are spool folders.
     */
    public static List<String> orphans(StoreConfig config) {
        try (Connection c = Store.connect(config)) {
            java.util.Set<String> live = new java.util.HashSet<>();
            try (java.sql.PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT run_id FROM runs WHERE status = 'running' AND started_at > ?")) {
                ps.setTimestamp(
                        1, java.sql.Timestamp.from(java.time.Instant.now().minus(STALE_AFTER)));
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (String t : STAGED) {
                            live.add(stage(t, rs.getString(1)));
                        }
                    }
                }
            }
            List<String> out = new java.util.ArrayList<>(staging(config).all(c));
            out.removeAll(live);
            return out;
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot list staging tables in " + config.describe() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Every staging table in the store's schema, by name (none on the embedded store). */
    static List<String> stagingTables(Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                java.sql.ResultSet rs =
                        s.executeQuery(
                                "SELECT table_name FROM information_schema.tables WHERE"
                                        + " table_schema = current_schema() AND LOWER(table_name)"
                                        + " LIKE 'stage\\_%' ORDER BY table_name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> spools(StoreConfig config) {
        java.nio.file.Path root = spoolRoot(config);
        if (!java.nio.file.Files.isDirectory(root)) {
            return List.of();
        }
        try (var dirs = java.nio.file.Files.list(root)) {
            return dirs.map(d -> d.getFileName().toString())
                    .filter(n -> n.startsWith("stage_"))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new Store.StoreException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Drops staging tables (DuckDB: spool folders) listed by {@link #orphans}. */
    public static void drop(StoreConfig config, List<String> stagingTables) {
        staging(config).drop("(left behind)", stagingTables);
    }

    private static void execute(StoreConfig config, String runId, List<String> statements) {
        try (Connection c = Store.connect(config);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot stage the results of run "
                            + runId
                            + " in "
                            + config.describe()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
