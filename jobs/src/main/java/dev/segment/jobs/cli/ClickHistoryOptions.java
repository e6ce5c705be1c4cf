package dev.segment.jobs.cli;

import dev.segment.jobs.clickstream.BehaviourFeatures;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * Clickstream history for the batch run's behavioural features: the events go through the same
 * operators as {@code sessions} and {@code stream}. The business zone is the run's {@code --zone}.
 */
public final class ClickHistoryOptions {

    @Option(
            names = "--clicks",
            paramLabel = "PATH",
            description =
                    "Clickstream history, file or directory (JSON lines as generate writes, or"
                            + " REES46 CSV with --clicks-format): adds sessions, support_share and"
                            + " cart_abandonment from each customer's live profile, and writes"
                            + " sessions.csv and profiles.csv. Customers without consent get none"
                            + " of it.")
    Path clicks;

    @Option(
            names = "--clicks-format",
            defaultValue = "canonical",
            paramLabel = "FORMAT",
            description = "canonical (JSON lines) or rees46 (CSV). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--gap",
            defaultValue = "30m",
            paramLabel = "DURATION",
            description =
                    "Inactivity that ends a session, e.g. 30m, 90s, 1h. Default: ${DEFAULT-VALUE}.")
    String gap;

    @Option(
            names = "--consent-default",
            paramLabel = "granted|denied",
            description =
                    "What a click without a consent field means until the visitor states"
                            + " otherwise. Default: denied for canonical events (consent is"
                            + " opt-in), granted for rees46.")
    String consentDefault;

    @Option(
            names = "--intent-rules",
            paramLabel = "FILE",
            description = "Intent rule table (JSON, as sessions/intent-rules.json in the jar).")
    Path intentRules;

    boolean given() {
        return clicks != null;
    }

    EventFormat eventFormat() {
        return EventFormat.parse(format);
    }

    /** The checked settings; an error names the option. */
    Sessionizer.Config sessions(String zone) {
        return SessionOptions.forFiles(SessionOptions.duration("--gap", gap), zone, intentRules);
    }

    ProfileRules rules(String zone) {
        return new ProfileRules(
                        zone,
                        SessionOptions.duration(
                                "--interest-half-life", ProfileOptions.DEFAULT_HALF_LIFE),
                        ProfileOptions.consentGranted(consentDefault, eventFormat()),
                        SessionOptions.duration("--profile-ttl", ProfileOptions.DEFAULT_TTL),
                        true)
                .validate();
    }

    /** Checks every click option before the job starts; an error names the option. */
    void validate(String zone) {
        if (!java.nio.file.Files.exists(clicks)) {
            throw new IllegalArgumentException("--clicks " + clicks + " does not exist");
        }
        sessions(zone);
        rules(zone);
    }

    BehaviourFeatures.Streams read(
            StreamExecutionEnvironment env,
            String zone,
            dev.segment.common.store.Suppression suppression) {
        return BehaviourFeatures.read(
                env, clicks, eventFormat(), sessions(zone), rules(zone), suppression);
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s (%s, gap %s)",
                clicks,
                eventFormat().name().toLowerCase(Locale.ROOT),
                gap);
    }
}
