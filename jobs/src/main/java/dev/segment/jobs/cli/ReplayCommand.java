package dev.segment.jobs.cli;

import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.events.EventParser;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment replay}: an event file into a Kafka topic, keyed by visitor. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        header = "Send an event file to a Kafka topic, one record per line, keyed by visitor.",
        description =
                "Replay events (JSON lines, or REES46 CSV with --format rees46; its header line"
                        + " is skipped) into a Kafka topic, each line one record keyed by its"
                        + " visitor so that a visitor's events keep their order in a partition."
                        + " --rate limits events per second (0: as fast as the broker takes"
                        + " them).")
final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--clicks",
            required = true,
            paramLabel = "FILE",
            description = "Event file to send.")
    Path clicks;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--format",
            defaultValue = "canonical",
            paramLabel = "FORMAT",
            description = "canonical or rees46. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "N",
            description = "Events per second, 0 for no limit. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(
            names = "--in-file-order",
            description =
                    "Send lines in file order. By default they are sent in event-time order, as a"
                            + " live site would produce them (files written per customer would"
                            + " otherwise arrive far out of order and mostly late); sorting holds"
                            + " the file in memory.")
    boolean inFileOrder;

    private static final Pattern VISITOR = Pattern.compile("\"visitor_id\"\\s*:\\s*\"([^\"]*)\"");

    @Override
    public Integer call() throws Exception {
        EventFormat fmt = EventFormat.parse(format);
        if (!Files.isRegularFile(clicks)) {
            throw new IllegalArgumentException("--clicks " + clicks + " is not a file");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be >= 0 but was " + rate);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap);
        p.put("linger.ms", "5");
        long sent = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : (Iterable<String>) eventLines(clicks, fmt, inFileOrder)::iterator) {
                producer.send(
                        new ProducerRecord<>(
                                kafka.topic,
                                key(line, fmt).getBytes(StandardCharsets.UTF_8),
                                line.getBytes(StandardCharsets.UTF_8)));
                sent++;
                if (rate > 0) {
                    long due = t0 + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        }
        System.out.printf(
                Locale.ROOT,
                "replayed %,d events to %s in %.1f s%n",
                sent,
                kafka.topic,
                (System.nanoTime() - t0) / 1e9);
        return ExitCodes.OK;
    }

    /**
     * The event lines to send (header and blank lines skipped): in event-time order unless
     * --in-file-order, lines without a readable time first (they become dead letters anyway).
     */
    static java.util.stream.Stream<String> eventLines(
            Path clicks, EventFormat fmt, boolean inFileOrder) throws java.io.IOException {
        java.util.List<String> all = new java.util.ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(clicks, StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && !(first && fmt == EventFormat.REES46)) {
                    all.add(line);
                }
                first = false;
            }
        }
        if (inFileOrder) {
            return all.stream();
        }
        EventParser parser = new EventParser(fmt);
        long[] ts = new long[all.size()];
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < ts.length; i++) {
            EventParser.Result r = parser.parse(all.get(i));
            ts[i] = r.event() == null ? Long.MIN_VALUE : r.event().ts;
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> ts[i])); // stable
        return java.util.Arrays.stream(order).map(all::get);
    }

    /** The visitor of a line (its partition key); the whole line when it names none. */
    static String key(String line, EventFormat fmt) {
        if (fmt == EventFormat.REES46) {
            String[] f = line.split(",", -1);
            return f.length > 7 ? f[7] : line;
        }
        Matcher m = VISITOR.matcher(line);
        return m.find() ? m.group(1) : line;
    }
}
