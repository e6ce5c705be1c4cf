package dev.segment.jobs.events;

import dev.segment.common.io.ByteRangeSplitter;
import dev.segment.common.io.NumberedLineFormat;
import dev.segment.common.io.SourceLine;
import dev.segment.common.model.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Events from files (a file, or a directory of them): JSON lines ({@code canonical}) or REES46 CSV.
 * Malformed lines go to {@link #DEAD_LETTERS} with file, line, field and reason; every line is
 * counted ({@link #READ}, {@link #ACCEPTED}, {@link #REJECTED}).
 */
public final class EventFiles {
    private EventFiles() {}

    public static final String READ = "events.read";
    public static final String ACCEPTED = "events.accepted";
    public static final String REJECTED = "events.rejected";

    /**
     * The quality gate of the event files a job read: null when at most {@code maxShare} of the
     * events were rejected (or none were read), else a message naming the option.
     */
    public static String gateViolation(
            org.apache.flink.api.common.JobExecutionResult result, double maxShare) {
        return dev.segment.common.io.InputCounters.gate(
                "click events",
                dev.segment.common.io.InputCounters.count(result, REJECTED),
                dev.segment.common.io.InputCounters.count(result, READ),
                maxShare);
    }

    /** The event counters of one task, registered as the job's accumulators. */
    static final class Counters {
        final LongCounter read = new LongCounter();
        final LongCounter accepted = new LongCounter();
        final LongCounter rejected = new LongCounter();

        static Counters register(org.apache.flink.api.common.functions.RuntimeContext ctx) {
            Counters c = new Counters();
            ctx.addAccumulator(READ, c.read);
            ctx.addAccumulator(ACCEPTED, c.accepted);
            ctx.addAccumulator(REJECTED, c.rejected);
            return c;
        }
    }

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("event-dead-letters", TypeInformation.of(DeadLetter.class));

    /** Parsed events; malformed lines on the operator's {@link #DEAD_LETTERS}. */
    public static SingleOutputStreamOperator<Event> read(
            StreamExecutionEnvironment env, Path path, EventFormat format) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--clicks " + path + " does not exist");
        }
        // JSON strings hold quotes, so JSON lines are plain lines; REES46 is quoted CSV
        NumberedLineFormat lines =
                format == EventFormat.REES46
                        ? NumberedLineFormat.of(dev.segment.common.io.CsvLayout.canonical())
                        : new NumberedLineFormat();
        FileSource<SourceLine> source =
                FileSource.forBulkFileFormat(
                                lines,
                                new org.apache.flink.core.fs.Path(path.toAbsolutePath().toUri()))
                        .setFileEnumerator(ByteRangeSplitter.provider(16L << 20))
                        .build();
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "Events (" + format.name().toLowerCase(Locale.ROOT) + ")")
                .process(new Parse(format), TypeInformation.of(Event.class))
                .name("Parse events");
    }

    static final class Parse extends ProcessFunction<SourceLine, Event> {
        private static final long serialVersionUID = 1L;
        private final EventFormat format;
        private transient EventParser parser;
        private transient Counters counters;

        Parse(EventFormat format) {
            this.format = format;
        }

        @Override
        public void open(OpenContext ctx) {
            parser = new EventParser(format);
            counters = Counters.register(getRuntimeContext());
        }

        @Override
        public void processElement(SourceLine line, Context ctx, Collector<Event> out) {
            if (line.headerContext
                    || line.text.isBlank()
                    || (line.lineNumber == 1 && parser.isHeader(line.text))) {
                return;
            }
            counters.read.add(1);
            EventParser.Result r =
                    line.encodingError != null
                            ? new EventParser.Result(null, null, line.encodingError)
                            : parser.parse(line.text);
            if (r.event() != null) {
                counters.accepted.add(1);
                out.collect(r.event());
            } else {
                counters.rejected.add(1);
                ctx.output(
                        DEAD_LETTERS,
                        new DeadLetter(
                                line.path, line.lineNumber, r.field(), r.reason(), line.text));
            }
        }
    }
}
