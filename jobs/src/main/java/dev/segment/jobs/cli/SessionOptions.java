package dev.segment.jobs.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How sessions are cut and placed in time: shared by the file and the Kafka session commands. */
public final class SessionOptions {

    @Option(
            names = "--gap",
            defaultValue = "30m",
            paramLabel = "DURATION",
            description =
                    "Inactivity that ends a session, e.g. 30m, 90s, 1h. Default: ${DEFAULT-VALUE}.")
    String gap;

    @Option(
            names = "--zone",
            defaultValue = "UTC",
            paramLabel = "ZONE",
            description = "Business time zone of daypart and weekend. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(
            names = "--intent-rules",
            paramLabel = "FILE",
            description = "Intent rule table (JSON, as sessions/intent-rules.json in the jar).")
    java.nio.file.Path intentRules;

    Duration gap() {
        return duration("--gap", gap);
    }

    /** The intent rule table: --intent-rules, or the documented default. */
    dev.segment.jobs.sessions.IntentRules intents() {
        return intents(intentRules);
    }

    static dev.segment.jobs.sessions.IntentRules intents(java.nio.file.Path file) {
        return file == null
                ? dev.segment.jobs.sessions.IntentRules.defaults()
                : dev.segment.jobs.sessions.IntentRules.load(file);
    }

    /**
     * Session settings for event files (BATCH mode: the watermark jumps to the end, so
     * out-of-orderness and lateness do not matter); an error names the option.
     */
    static dev.segment.jobs.sessions.Sessionizer.Config forFiles(
            Duration gap, String zone, java.nio.file.Path intentRules) {
        return new dev.segment.jobs.sessions.Sessionizer.Config(
                        gap, Duration.ofSeconds(30), zone, intents(intentRules))
                .validate();
    }

    /** "30m", "90s", "1h", "7d", "250ms" or ISO-8601 ("PT30M"); the error names {@code option}. */
    static Duration duration(String option, String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (s.startsWith("pt")) {
                return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'd':
                    return Duration.ofDays(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                option + " must look like 30m, 90s, 1h or 7d but was '" + raw + "'");
    }
}
