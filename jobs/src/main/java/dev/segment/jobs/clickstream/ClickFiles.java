package dev.segment.jobs.clickstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.io.ByteRangeSplitter;
import dev.segment.common.io.NumberedLineFormat;
import dev.segment.common.io.ParseTransactions;
import dev.segment.common.io.SourceLine;
import dev.segment.common.model.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;

/**
 * Behaviour profiles from clickstream history files (JSON lines as {@code bin/segment generate}
 * writes them: customer_id, session_id, event_type, consent, ...). Anonymous events (no
 * customer_id) are skipped; unreadable lines go to the dead letters with file and line.
 */
public final class ClickFiles {
    private ClickFiles() {}

    /** Accumulators: click events read, used, anonymous (no customer id, skipped), rejected. */
    public static final String READ = "clicks.read";

    public static final String USED = "clicks.used";
    public static final String ANONYMOUS = "clicks.anonymous";
    public static final String REJECTED = "clicks.rejected";

    /** "click events read 10 | used 8 | anonymous 1 | rejected 1" from a finished job. */
    public static String summary(org.apache.flink.api.common.JobExecutionResult result) {
        return String.format(
                java.util.Locale.ROOT,
                "click events read %,d | used %,d | anonymous (no customer id, not used) %,d |"
                        + " rejected %,d",
                dev.segment.common.io.InputCounters.count(result, READ),
                dev.segment.common.io.InputCounters.count(result, USED),
                dev.segment.common.io.InputCounters.count(result, ANONYMOUS),
                dev.segment.common.io.InputCounters.count(result, REJECTED));
    }

    /** Profiles and dead letters. */
    public record Streams(
            DataStream<BehaviourProfile> profiles, DataStream<DeadLetter> deadLetters) {}

    public static Streams read(StreamExecutionEnvironment env, Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--clicks " + path + " does not exist");
        }
        FileSource<SourceLine> source =
                FileSource.forBulkFileFormat(
                                new NumberedLineFormat(),
                                new org.apache.flink.core.fs.Path(path.toAbsolutePath().toUri()))
                        .setFileEnumerator(ByteRangeSplitter.provider(16L << 20))
                        .build();
        SingleOutputStreamOperator<ClickEvent> events =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "Clickstream")
                        .process(new ParseClicks())
                        .name("Parse clicks");
        DataStream<BehaviourProfile> profiles =
                events.partitionCustom(
                                (key, n) -> Math.floorMod(key.hashCode(), n), e -> e.customerId)
                        .transform(
                                "Behaviour per customer",
                                TypeInformation.of(BehaviourProfile.class),
                                new Aggregate());
        return new Streams(profiles, events.getSideOutput(ParseTransactions.DEAD_LETTERS));
    }

    /** JSON line -> event; bad lines to the dead letters. */
    static final class ParseClicks extends ProcessFunction<SourceLine, ClickEvent> {
        private static final long serialVersionUID = 1L;
        private transient ObjectMapper json;
        private transient org.apache.flink.api.common.accumulators.LongCounter read;
        private transient org.apache.flink.api.common.accumulators.LongCounter used;
        private transient org.apache.flink.api.common.accumulators.LongCounter anonymous;
        private transient org.apache.flink.api.common.accumulators.LongCounter rejected;

        @Override
        public void open(OpenContext ctx) {
            json = new ObjectMapper();
            read = counter(READ);
            used = counter(USED);
            anonymous = counter(ANONYMOUS);
            rejected = counter(REJECTED);
        }

        private org.apache.flink.api.common.accumulators.LongCounter counter(String name) {
            var c = new org.apache.flink.api.common.accumulators.LongCounter();
            getRuntimeContext().addAccumulator(name, c);
            return c;
        }

        @Override
        public void processElement(SourceLine line, Context ctx, Collector<ClickEvent> out) {
            if (line.headerContext || line.text.isBlank()) {
                return;
            }
            read.add(1);
            try {
                JsonNode n = json.readTree(line.text);
                JsonNode customer = n.get("customer_id");
                if (customer == null || customer.isNull()) {
                    anonymous.add(1); // anonymous visitor: not a known customer
                    return;
                }
                ClickEvent e = new ClickEvent();
                e.customerId = customer.asText();
                e.sessionId = n.path("session_id").asText("");
                e.eventType = n.path("event_type").asText("");
                // consent must be given explicitly; missing means no
                e.consent = n.path("consent").asBoolean(false);
                if (e.sessionId.isEmpty() || e.eventType.isEmpty()) {
                    rejected.add(1);
                    ctx.output(
                            ParseTransactions.DEAD_LETTERS,
                            new DeadLetter(
                                    line.path,
                                    line.lineNumber,
                                    e.sessionId.isEmpty() ? "session_id" : "event_type",
                                    "missing field",
                                    line.text));
                    return;
                }
                used.add(1);
                out.collect(e);
            } catch (Exception ex) {
                rejected.add(1);
                ctx.output(
                        ParseTransactions.DEAD_LETTERS,
                        new DeadLetter(
                                line.path,
                                line.lineNumber,
                                null,
                                "not JSON: " + ex.getMessage(),
                                line.text));
            }
        }
    }

    /** Per customer (hash-partitioned), emitted at the end of input. */
    static final class Aggregate extends AbstractStreamOperator<BehaviourProfile>
            implements OneInputStreamOperator<ClickEvent, BehaviourProfile>, BoundedOneInput {
        private static final long serialVersionUID = 1L;

        private static final class Acc {
            final Set<String> sessions = new HashSet<>();
            final Set<String> cartSessions = new HashSet<>();
            final Set<String> purchaseSessions = new HashSet<>();
            long events;
            long support;
            boolean declined;
        }

        private transient Map<String, Acc> byCustomer;

        @Override
        public void open() throws Exception {
            super.open();
            byCustomer = new HashMap<>();
        }

        @Override
        public void processElement(StreamRecord<ClickEvent> element) {
            ClickEvent e = element.getValue();
            Acc a = byCustomer.computeIfAbsent(e.customerId, k -> new Acc());
            a.declined |= !e.consent;
            if (a.declined) {
                return; // nothing about a customer who declined is kept
            }
            a.events++;
            a.sessions.add(e.sessionId);
            switch (e.eventType) {
                case "support_view":
                case "contact":
                    a.support++;
                    break;
                case "add_to_cart":
                    a.cartSessions.add(e.sessionId);
                    break;
                case "purchase":
                    a.purchaseSessions.add(e.sessionId);
                    break;
                default:
            }
        }

        @Override
        public void endInput() {
            for (Map.Entry<String, Acc> en : byCustomer.entrySet()) {
                Acc a = en.getValue();
                BehaviourProfile p = new BehaviourProfile();
                p.customerId = en.getKey();
                p.declined = a.declined;
                if (!a.declined) {
                    p.sessions = a.sessions.size();
                    p.events = a.events;
                    p.supportEvents = a.support;
                    p.cartSessions = a.cartSessions.size();
                    a.cartSessions.removeAll(a.purchaseSessions);
                    p.abandonedCartSessions = a.cartSessions.size();
                }
                output.collect(new StreamRecord<>(p));
            }
            byCustomer = null;
        }
    }
}
