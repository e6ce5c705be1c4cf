package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segment.common.testkit.StoreScan;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.testkit.InJvmKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kafka.testkit.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code forget} while a stream runs on PostgreSQL: the customer clicks right after it, before
 * the job reads the erasure list again, and then never again. Whatever those clicks wrote (the live
 * profile again, a new device's identity link) is gone within one {@code --model-poll} of the job's
 * next read, without another click or a second {@code forget}; another customer stays live.
 */
class RunningStreamErasureITCase {

    private static final String ERASED = "erase-me-7";
    private static final String KEPT = "keep-me-2";

    @Test
    void rowsWrittenAfterAForgetGoWithoutTheCustomersNextClick(@TempDir Path dir) throws Exception {
        String schema = "it_live_erase_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        AtomicReference<Thread> streamThread = new AtomicReference<>();
        CompletableFuture<Integer> stream = null;
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            InJvmKafka.createTopics(bootstrap, 2, "live");
            stream =
                    CompletableFuture.supplyAsync(
                            () -> {
                                streamThread.set(Thread.currentThread());
                                return SegmentCli.execute(
                                        "stream",
                                        "--bootstrap-servers",
                                        bootstrap,
                                        "--topic",
                                        "live",
                                        "--jdbc-url",
                                        pg,
                                        "--parallelism",
                                        "2",
                                        // long enough that the clicks after the forget land
                                        // before the job reads the list again
                                        "--model-poll",
                                        "10s",
                                        "--profile-interval",
                                        "0",
                                        "--checkpoint-interval",
                                        "1s");
                            });
            send(
                    dir.resolve("before.jsonl"),
                    bootstrap,
                    click("b1", "10:00", "ev-1", ERASED, "login"),
                    click("b2", "10:01", "ev-1", null, "page_view"),
                    click("b3", "10:00", "kv-2", KEPT, "login"),
                    click("b4", "10:02", "kv-2", null, "page_view"));
            awaitRows(pg, "customer_live_profile", "profile_id", ERASED, true, 90);
            awaitRows(pg, "customer_live_profile", "profile_id", KEPT, true, 30);

            CliRun.ok("forget", "--customer", ERASED, "--jdbc-url", pg);
            // right away: the job still holds the list from before the forget
            send(
                    dir.resolve("after.jsonl"),
                    bootstrap,
                    click("a1", "10:05", "ev-1", null, "page_view"),
                    click("a2", "10:06", "ev-3", ERASED, "login"),
                    click("a3", "10:07", "ev-3", null, "product_view"));
            boolean window = rowsAppear(pg, 12);
            System.out.println(
                    "clicks after the forget wrote rows before the job read the list again: "
                            + window);

            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            List<String> found;
            do {
                Thread.sleep(500);
                found = StoreScan.whereFound(DriverManager.getConnection(pg), ERASED, true);
            } while (!found.isEmpty() && System.nanoTime() < until);
            assertEquals(List.of(), found, "the erased customer is nowhere in the store");
            try (Connection c = DriverManager.getConnection(pg)) {
                assertEquals(
                        0,
                        count(c, "identity_links", "visitor_id", "ev-3"),
                        "the new device's link went too");
                assertEquals(
                        1,
                        count(c, "customer_live_profile", "profile_id", KEPT),
                        "the other customer stays live");
            }
            assertFalse(stream.isDone(), "the stream is still running");
        } finally {
            if (stream != null) {
                Thread t = streamThread.get();
                if (t != null) {
                    t.interrupt(); // the runner cancels the job
                }
                try {
                    stream.get(60, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // interrupted: its exit code is of no interest here
                }
            }
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void send(Path file, String bootstrap, String... lines) throws Exception {
        Files.write(file, List.of(lines));
        LiveFixture.replay(file, bootstrap, "live");
    }

    private static String click(
            String id, String time, String visitor, String customer, String type) {
        return LiveFixture.click(
                id,
                java.time.Instant.parse("2024-05-02T" + time + ":00Z"),
                visitor,
                customer,
                type,
                "shoes");
    }

    /** Whether the clicks after the forget wrote a row naming the customer within {@code s}. */
    private static boolean rowsAppear(String pg, int seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            try (Connection c = DriverManager.getConnection(pg)) {
                if (count(c, "customer_live_profile", "profile_id", ERASED) > 0
                        || count(c, "identity_links", "visitor_id", "ev-3") > 0) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static void awaitRows(
            String pg, String table, String column, String value, boolean present, int seconds)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            try (Connection c = DriverManager.getConnection(pg)) {
                if ((count(c, table, column, value) > 0) == present) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // the tables appear when the job's migrations ran
            }
            Thread.sleep(200);
        }
        throw new AssertionError(table + "." + column + " = " + value + ": not there in time");
    }

    private static long count(Connection c, String table, String column, String value)
            throws Exception {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
