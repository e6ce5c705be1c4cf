package dev.segment.jobs.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventFiles;
import dev.segment.jobs.events.EventFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sessions from event files on a mini cluster (BATCH mode, production settings). */
class SessionsITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    private static final Instant T0 = Instant.parse("2024-05-04T09:00:00Z"); // a Saturday

    private record Out(List<Session> sessions, List<DeadLetter> dead) {}

    private static Out run(Path file, EventFormat format, int parallelism) throws Exception {
        StreamExecutionEnvironment env = MiniClusters.batch(parallelism);
        SingleOutputStreamOperator<Event> events = EventFiles.read(env, file, format);
        CollectingSink<Session> sessions = new CollectingSink<>();
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        events.getSideOutput(EventFiles.DEAD_LETTERS).sinkTo(dead);
        Sessionizer.sessions(events, Sessionizer.Config.defaults()).sinkTo(sessions);
        env.execute("sessions");
        return new Out(sessions.results(), dead.results());
    }

    private static String event(
            String visitor, String customer, Instant ts, String type, String extra) {
        return "{\"visitor_id\":\""
                + visitor
                + "\",\"customer_id\":"
                + (customer == null ? "null" : "\"" + customer + "\"")
                + ",\"ts\":\""
                + ts
                + "\",\"event_type\":\""
                + type
                + "\""
                + extra
                + "}";
    }

    private static List<String> lines() {
        List<String> l = new ArrayList<>();
        // A: exactly 30 minutes apart stays one session; 30 min + 1 ms later starts another
        l.add(event("A", null, T0, "page_view", ",\"device\":\"desktop\""));
        l.add(event("A", null, T0.plusSeconds(1800), "search", ""));
        l.add(event("A", null, T0.plusSeconds(3600).plusMillis(1), "page_view", ""));
        // B: anonymous until a login in the session; buys; came from Google
        l.add(
                event(
                        "B",
                        null,
                        T0.plusSeconds(60),
                        "page_view",
                        ",\"referrer\":\"https://www.google.com/\",\"device\":\"iPhone mobile\","
                                + "\"country\":\"DE\""));
        l.add(event("B", "C7", T0.plusSeconds(120), "login", ""));
        l.add(event("B", "C7", T0.plusSeconds(180), "add_to_cart", ",\"price\":10.25"));
        l.add(event("B", "C7", T0.plusSeconds(240), "purchase", ",\"amount\":20.5"));
        // arrives last but happened earlier, under another account: the latest by event time wins
        l.add(event("B", "C8", T0.plusSeconds(150), "page_view", ""));
        // D: help pages
        l.add(event("D", "C9", T0.plusSeconds(500), "support_view", ""));
        l.add(event("D", "C9", T0.plusSeconds(520), "support_view", ""));
        // malformed lines are dead letters, never sessions
        l.add("{not json");
        l.add(event("", null, T0, "page_view", ""));
        return l;
    }

    @Test
    void sessionsIntentAndContextDoNotDependOnOrderOrParallelism(@TempDir Path dir)
            throws Exception {
        Path ordered = dir.resolve("ordered.jsonl");
        Files.write(ordered, lines());
        List<String> shuffled = new ArrayList<>(lines());
        Collections.shuffle(shuffled, new Random(3));
        Path mixed = dir.resolve("mixed.jsonl");
        Files.write(mixed, shuffled);

        Out a = run(ordered, EventFormat.CANONICAL, 2);
        assertEquals(2, a.dead().size(), "bad JSON and a missing visitor_id");
        Map<String, List<Session>> byVisitor =
                a.sessions().stream().collect(Collectors.groupingBy(s -> s.visitorId));
        List<Session> sa = new ArrayList<>(byVisitor.get("A"));
        sa.sort((x, y) -> Long.compare(x.sessionStart, y.sessionStart));
        assertEquals(2, sa.size(), "a gap of exactly 30 min stays, 30 min + 1 ms splits");
        assertEquals(2, sa.get(0).events);
        assertEquals(T0.plusSeconds(1800).toEpochMilli(), sa.get(0).sessionEnd);
        assertEquals("desktop", sa.get(0).device);
        assertEquals("browse", sa.get(0).intent);

        Session b = byVisitor.get("B").get(0);
        assertEquals("C7", b.customerId, "the login names the customer of the whole session");
        assertEquals(5, b.events);
        assertEquals(1, b.purchases);
        assertEquals(20.5, b.revenue);
        assertEquals("purchase", b.intent);
        assertEquals("mobile", b.device);
        assertEquals("search", b.referrerChannel);
        assertEquals("DE", b.country);
        assertEquals("morning", b.daypart);
        assertTrue(b.weekend);

        assertEquals("support", byVisitor.get("D").get(0).intent);

        // the same events in another order and at another parallelism: the same sessions
        Out m = run(mixed, EventFormat.CANONICAL, 1);
        assertEquals(csv(a.sessions()), csv(m.sessions()));
    }

    /**
     * The real REES46 sample (data/rees46/SOURCE.txt: 1,000 events of 330 users in 17 minutes; 987
     * views, 3 carts, 10 purchases): one session per user, every event counted.
     */
    @Test
    void theRees46SampleGivesOneSessionPerUserAndCountsEveryEvent() throws Exception {
        Out o = run(TestData.file("rees46/2019-Oct-sample.csv"), EventFormat.REES46, 2);
        assertEquals(List.of(), o.dead());
        assertEquals(330, o.sessions().size());
        assertEquals(1_000, o.sessions().stream().mapToLong(s -> s.events).sum());
        assertEquals(987, o.sessions().stream().mapToLong(s -> s.productViews).sum());
        assertEquals(3, o.sessions().stream().mapToLong(s -> s.cartAdds).sum());
        assertEquals(10, o.sessions().stream().mapToLong(s -> s.purchases).sum());
        long start = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
        long end = Instant.parse("2019-10-01T00:17:26Z").toEpochMilli();
        assertTrue(
                o.sessions().stream()
                        .allMatch(s -> s.sessionStart >= start && s.sessionEnd <= end));
    }

    private static List<String> csv(List<Session> sessions) {
        return sessions.stream().map(Session::toCsv).sorted().toList();
    }
}
