import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;

/**
 * Candidates for the embedded store, on the path a run takes: N segment assignment rows loaded
 * into a staging table (DuckDB: its Appender; H2: JDBC batches), then published into the real
 * table with an upsert (DuckDB: PostgreSQL's INSERT ... ON CONFLICT; H2: MERGE ... USING), first
 * into an empty table, then again over the same keys (a re-run). Also H2's current path: MERGE ...
 * KEY batches straight into the table.
 *
 * <p>Run with bench/store/embedded_store_bench.sh (puts the drivers on the class path).
 */
public class EmbeddedStoreBench {
    static final String DDL_COLUMNS =
            "(run_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, cluster_id INTEGER NOT NULL,"
                    + " persona VARCHAR NOT NULL, rfm_segment VARCHAR, lifecycle_stage VARCHAR,"
                    + " customer_profile VARCHAR, distance DOUBLE PRECISION, confidence DOUBLE"
                    + " PRECISION, explanation VARCHAR, top_features VARCHAR";
    static final String COLS =
            "run_id, customer_id, cluster_id, persona, rfm_segment, lifecycle_stage,"
                    + " customer_profile, distance, confidence, explanation, top_features";
    /** PostgreSQL's upsert, which DuckDB takes as it is. */
    static final String DUCK_UPSERT =
            "INSERT INTO segment_assignments SELECT * FROM stage ON CONFLICT (run_id, customer_id)"
                    + " DO UPDATE SET cluster_id = EXCLUDED.cluster_id, persona = EXCLUDED.persona,"
                    + " rfm_segment = EXCLUDED.rfm_segment, lifecycle_stage ="
                    + " EXCLUDED.lifecycle_stage, customer_profile = EXCLUDED.customer_profile,"
                    + " distance = EXCLUDED.distance, confidence = EXCLUDED.confidence,"
                    + " explanation = EXCLUDED.explanation, top_features = EXCLUDED.top_features";

    static final String[] PERSONAS = {
        "Loyal high spenders", "Bargain occasionals", "Steady regulars", "Recent buyers",
        "Lost occasional buyers", "Premium occasional buyers", "High-spend big-basket customers",
        "Shorter-tenure big-basket customers"
    };

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("store-bench");
        try {
            if ("h2csv".equals(System.getenv("ONLY"))) {
                h2Csv(dir, n);
                return;
            }
            if ("concurrent".equals(System.getenv("ONLY"))) {
                concurrent("duckdb", "jdbc:duckdb:" + dir.resolve("duck3.db"), n,
                        "INSERT INTO segment_assignments (" + COLS + ") VALUES"
                                + " (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, customer_id) DO"
                                + " UPDATE SET persona = EXCLUDED.persona, explanation ="
                                + " EXCLUDED.explanation");
                concurrent("h2", "jdbc:h2:file:" + dir.resolve("h2k") + ";MODE=PostgreSQL", n,
                        "MERGE INTO segment_assignments (" + COLS + ") KEY (run_id, customer_id)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                return;
            }
            duckdb(dir, n);
            duckdbCsv(dir, n);
            if (!"duckdb".equals(System.getenv("ONLY"))) {
                h2Staged(dir, n);
                h2Current(dir, n);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String explanation(int i) {
        return PERSONAS[i % 8]
                + " (confidence 0."
                + (50 + i % 50)
                + "); nearer to it than to "
                + PERSONAS[(i + 3) % 8]
                + ", mainly in recency and frequency";
    }

    static void duckdb(Path dir, int n) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("duck.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS + ", PRIMARY KEY (run_id, customer_id))");
            for (int round = 1; round <= 2; round++) {
                s.execute("CREATE TABLE stage " + DDL_COLUMNS + ")");
                long t0 = System.nanoTime();
                var duck = c.unwrap(org.duckdb.DuckDBConnection.class);
                try (var a = duck.createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "stage")) {
                    for (int i = 0; i < n; i++) {
                        a.beginRow();
                        a.append("r1");
                        a.append(String.format("C%07d", i));
                        a.append(i % 8);
                        a.append(PERSONAS[(i + round) % 8]);
                        a.append("Potential Loyalist");
                        a.append("active");
                        a.append("long_standing");
                        a.append(0.5 + (i % 100) / 100.0);
                        a.append(0.25 + (i % 70) / 100.0);
                        a.append(explanation(i));
                        a.append("recency_days -2.4 sd; frequency +2.2 sd; monetary +1.8 sd");
                        a.endRow();
                    }
                }
                long t1 = System.nanoTime();
                s.execute(DUCK_UPSERT);
                s.execute("DROP TABLE stage");
                long t2 = System.nanoTime();
                report("duckdb", round, n, t1 - t0, t2 - t1);
            }
        }
    }

    /**
     * DuckDB reading a CSV file (a run writes assignments.csv anyway): COPY into the staging
     * table with DuckDB's parallel CSV reader. Writing the file is timed as part of the load.
     */
    static void duckdbCsv(Path dir, int n) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("duck2.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS + ", PRIMARY KEY (run_id, customer_id))");
            for (int round = 1; round <= 2; round++) {
                s.execute("CREATE TABLE stage " + DDL_COLUMNS + ")");
                long t0 = System.nanoTime();
                Path csv = dir.resolve("stage.csv");
                try (var w = Files.newBufferedWriter(csv)) {
                    StringBuilder b = new StringBuilder(256);
                    for (int i = 0; i < n; i++) {
                        b.setLength(0);
                        b.append("r1,C").append(String.format("%07d", i)).append(',').append(i % 8)
                                .append(',').append(PERSONAS[(i + round) % 8])
                                .append(",Potential Loyalist,active,long_standing,")
                                .append(0.5 + (i % 100) / 100.0).append(',')
                                .append(0.25 + (i % 70) / 100.0).append(",\"")
                                .append(explanation(i)).append("\",\"recency_days -2.4 sd;"
                                        + " frequency +2.2 sd; monetary +1.8 sd\"\n");
                        w.write(b.toString());
                    }
                }
                long tw = System.nanoTime();
                s.execute("COPY stage FROM '" + csv + "' (FORMAT csv, HEADER false)");
                long t1 = System.nanoTime();
                s.execute(DUCK_UPSERT);
                long tu = System.nanoTime();
                // a run's rows replaced as a whole: delete, then a plain insert (no conflicts)
                s.execute("BEGIN TRANSACTION");
                s.execute("DELETE FROM segment_assignments WHERE run_id = 'r1'");
                s.execute("INSERT INTO segment_assignments SELECT * FROM stage");
                s.execute("COMMIT");
                long tr = System.nanoTime();
                s.execute("DROP TABLE stage");
                long t2 = System.nanoTime();
                System.out.printf(
                        "  (csv written in %.2f s, COPY %.2f s, upsert %.2f s, then delete +"
                                + " insert of the same rows %.2f s)%n",
                        (tw - t0) / 1e9, (t1 - tw) / 1e9, (tu - t1) / 1e9, (tr - tu) / 1e9);
                report("duckdb CSV + COPY", round, n, t1 - t0, t2 - t1);
            }
        }
    }

    /**
     * H2 reading the CSV a run writes anyway ({@code CSVREAD}) in one {@code INSERT ... SELECT},
     * as a nightly run does: a new run id each round, into a table that holds the earlier runs.
     */
    static void h2Csv(Path dir, int n) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:h2:file:" + dir.resolve("h2csv") + ";MODE=PostgreSQL", "sa", "");
                Statement s = c.createStatement()) {
            boolean keyed = System.getenv("NOKEY") == null;
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS
                    + (keyed ? ", PRIMARY KEY (run_id, customer_id))" : ")"));
            if (keyed) {
                s.execute("CREATE INDEX sa_customer ON segment_assignments (customer_id)");
            }
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                Path csv = dir.resolve("stage.csv");
                try (var w = Files.newBufferedWriter(csv)) {
                    w.write(COLS.replace(" ", "") + "\n");
                    StringBuilder b = new StringBuilder(256);
                    for (int i = 0; i < n; i++) {
                        b.setLength(0);
                        b.append('r').append(round).append(",C").append(String.format("%07d", i)).append(',').append(i % 8)
                                .append(',').append(PERSONAS[(i + round) % 8])
                                .append(",Potential Loyalist,active,long_standing,")
                                .append(0.5 + (i % 100) / 100.0).append(',')
                                .append(0.25 + (i % 70) / 100.0).append(",\"")
                                .append(explanation(i)).append("\",\"recency_days -2.4 sd;"
                                        + " frequency +2.2 sd; monetary +1.8 sd\"\n");
                        w.write(b.toString());
                    }
                }
                long tw = System.nanoTime();
                c.setAutoCommit(false);
                s.execute("INSERT INTO segment_assignments (" + COLS + ") SELECT " + COLS
                        + " FROM CSVREAD('" + csv + "', NULL, 'charset=UTF-8')");
                c.commit();
                c.setAutoCommit(true);
                long t1 = System.nanoTime();
                System.out.printf("  h2 CSVREAD round %d: csv written %.2f s, insert %.2f s%n",
                        round, (tw - t0) / 1e9, (t1 - tw) / 1e9);
            }
        }
    }

    /**
     * The streaming job's way of writing: two sink writers, each its own connection to the same
     * file in one JVM, upserting disjoint customers in batches of 500, each batch committed.
     */
    static void concurrent(String name, String url, int n, String upsert) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS + ", PRIMARY KEY (run_id, customer_id))");
        }
        java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
        String firstError[] = new String[1];
        for (int round = 1; round <= 2; round++) {
            final int r = round;
            long t0 = System.nanoTime();
            Thread[] writers = new Thread[2];
            for (int w = 0; w < 2; w++) {
                final int writer = w;
                writers[w] = new Thread(() -> {
                    try (Connection c = DriverManager.getConnection(url, "sa", "");
                            PreparedStatement ps = c.prepareStatement(upsert)) {
                        c.setAutoCommit(false);
                        int batch = 0;
                        for (int i = writer; i < n; i += 2) {
                            ps.setString(1, "live");
                            ps.setString(2, String.format("C%07d", i));
                            ps.setInt(3, i % 8);
                            ps.setString(4, PERSONAS[(i + r) % 8]);
                            ps.setString(5, "Potential Loyalist");
                            ps.setString(6, "active");
                            ps.setString(7, "long_standing");
                            ps.setDouble(8, 0.5);
                            ps.setDouble(9, 0.5);
                            ps.setString(10, explanation(i));
                            ps.setString(11, "recency_days -2.4 sd");
                            ps.addBatch();
                            if (++batch == 500) {
                                ps.executeBatch();
                                c.commit();
                                batch = 0;
                            }
                        }
                        ps.executeBatch();
                        c.commit();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError[0] = e.toString();
                    }
                });
                writers[w].start();
            }
            for (Thread t : writers) {
                t.join();
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "%-8s 2 writers, batches of 500 upserts, %s: %6.2f s (%,.0f rows/s)%s%n",
                    name, r == 1 ? "new keys " : "same keys", sec, n / sec,
                    errors.get() > 0 ? ", " + errors.get() + " writer(s) failed: " + firstError[0] : "");
        }
    }

    static void h2Staged(Path dir, int n) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:h2:file:" + dir.resolve("h2s") + ";MODE=PostgreSQL", "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS + ", PRIMARY KEY (run_id, customer_id))");
            for (int round = 1; round <= 2; round++) {
                s.execute("CREATE TABLE stage " + DDL_COLUMNS + ")");
                long t0 = System.nanoTime();
                insertBatches(c, "INSERT INTO stage (" + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)", n, round);
                long t1 = System.nanoTime();
                s.execute(
                        "MERGE INTO segment_assignments t USING stage s ON t.run_id = s.run_id AND"
                                + " t.customer_id = s.customer_id WHEN MATCHED THEN UPDATE SET"
                                + " cluster_id = s.cluster_id, persona = s.persona, rfm_segment ="
                                + " s.rfm_segment, lifecycle_stage = s.lifecycle_stage,"
                                + " customer_profile = s.customer_profile, distance = s.distance,"
                                + " confidence = s.confidence, explanation = s.explanation,"
                                + " top_features = s.top_features WHEN NOT MATCHED THEN INSERT ("
                                + COLS
                                + ") VALUES (s.run_id, s.customer_id, s.cluster_id, s.persona,"
                                + " s.rfm_segment, s.lifecycle_stage, s.customer_profile,"
                                + " s.distance, s.confidence, s.explanation, s.top_features)");
                s.execute("DROP TABLE stage");
                long t2 = System.nanoTime();
                report("h2 staged + MERGE USING", round, n, t1 - t0, t2 - t1);
            }
        }
    }

    static void h2Current(Path dir, int n) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:h2:file:" + dir.resolve("h2c") + ";MODE=PostgreSQL", "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE segment_assignments " + DDL_COLUMNS + ", PRIMARY KEY (run_id, customer_id))");
            for (int round = 1; round <= 2; round++) {
                long t0 = System.nanoTime();
                insertBatches(
                        c,
                        "MERGE INTO segment_assignments (" + COLS + ") KEY (run_id, customer_id)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        n,
                        round);
                report("h2 MERGE KEY batches (today)", round, n, System.nanoTime() - t0, 0);
            }
        }
    }

    static void insertBatches(Connection c, String sql, int n, int round) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, "r1");
                ps.setString(2, String.format("C%07d", i));
                ps.setInt(3, i % 8);
                ps.setString(4, PERSONAS[(i + round) % 8]);
                ps.setString(5, "Potential Loyalist");
                ps.setString(6, "active");
                ps.setString(7, "long_standing");
                ps.setDouble(8, 0.5 + (i % 100) / 100.0);
                ps.setDouble(9, 0.25 + (i % 70) / 100.0);
                ps.setString(10, explanation(i));
                ps.setString(11, "recency_days -2.4 sd; frequency +2.2 sd; monetary +1.8 sd");
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    static void report(String what, int round, int n, long loadNanos, long publishNanos) {
        System.out.printf(
                "%-30s %s: load %6.2f s, publish %6.2f s, total %6.2f s (%,.0f rows/s)%n",
                what,
                round == 1 ? "empty table " : "same keys   ",
                loadNanos / 1e9,
                publishNanos / 1e9,
                (loadNanos + publishNanos) / 1e9,
                n / ((loadNanos + publishNanos) / 1e9));
    }
}
