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

        @Override
        public void open(OpenContext ctx) {
            json = new ObjectMapper();
        }

        @Override
        public void processElement(SourceLine line, Context ctx, Collector<ClickEvent> out) {
            if (line.headerContext || line.text.isBlank()) {
                return;
            }
            try {
                JsonNode n = json.readTree(line.text);
                JsonNode customer = n.get("customer_id");
                if (customer == null || customer.isNull()) {
                    return; // anonymous visitor: not a known customer
                }
                ClickEvent e = new ClickEvent();
                e.customerId = customer.asText();
                e.sessionId = n.path("session_id").asText("");
                e.eventType = n.path("event_type").asText("");
                // consent must be given explicitly; missing means no
                e.consent = n.path("consent").asBoolean(false);
                if (e.sessionId.isEmpty() || e.eventType.isEmpty()) {
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
                out.collect(e);
            } catch (Exception ex) {
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
