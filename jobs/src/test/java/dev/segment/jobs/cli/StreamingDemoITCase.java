package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment demo --streaming} on a fresh machine: its own Kafka broker (the kafka-local one),
 * generated events replayed in event-time order, the streaming job into an embedded store, and live
 * intent counts read back from it.
 */
class StreamingDemoITCase {

    @Test
    void theStreamingDemoNeedsNothingInstalled(@TempDir Path dir) {
        String out =
                CliRun.ok(
                        "demo",
                        "--streaming",
                        "--out",
                        dir.resolve("out").toString(),
                        "--store-dir",
                        dir.resolve("store").toString());
        assertTrue(out.contains("kafka ready on 127.0.0.1:"), out);
        assertTrue(out.contains("replayed 61,105 events to demo-events"), out);
        assertTrue(
                out.contains("events read 61,105 | accepted 61,105 | rejected 0 | late 0 |"),
                "replayed in event-time order, nothing is late: " + out);
        Matcher purchase = Pattern.compile("\\n  purchase +([0-9,]+)\\n").matcher(out);
        assertTrue(purchase.find(), out);
        assertTrue(
                Long.parseLong(purchase.group(1).replace(",", "")) > 500,
                "live intent counts from the store: " + out);
        assertTrue(out.contains("anonymous visitor"), out);
        // the batch run's model assigns live segments; its RFM is the live baseline
        assertTrue(out.contains("live RFM baseline: run "), out);
        java.util.regex.Matcher segments =
                java.util.regex.Pattern.compile("live segments: customers updated ([0-9,]+)")
                        .matcher(out);
        assertTrue(segments.find() && !segments.group(1).equals("0"), out);
        assertTrue(out.contains("live segments (persona, latest intent):"), out);
    }
}
