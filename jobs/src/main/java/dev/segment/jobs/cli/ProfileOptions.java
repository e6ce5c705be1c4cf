package dev.segment.jobs.cli;

import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.profiles.ProfileRules;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How live profiles are built: shared by the file and the Kafka session commands. */
public final class ProfileOptions {

    /** Defaults of --interest-half-life and --profile-ttl (also for commands without them). */
    static final String DEFAULT_HALF_LIFE = "7d";

    static final String DEFAULT_TTL = "90d";

    @Option(
            names = "--consent-default",
            paramLabel = "granted|denied",
            description =
                    "What an event without a consent field means until the visitor states"
                            + " otherwise. Default: denied for canonical events (consent is"
                            + " opt-in), granted for rees46 (the format has no consent field).")
    String consentDefault;

    @Option(
            names = "--interest-half-life",
            defaultValue = DEFAULT_HALF_LIFE,
            paramLabel = "DURATION",
            description =
                    "After this long a product view, cart add or purchase counts half in"
                            + " interest scores. Default: ${DEFAULT-VALUE}.")
    String interestHalfLife;

    @Option(
            names = "--profile-ttl",
            defaultValue = DEFAULT_TTL,
            paramLabel = "DURATION",
            description =
                    "How long an idle profile stays in the job's state (processing time)."
                            + " Default: ${DEFAULT-VALUE}.")
    String profileTtl;

    ProfileRules rules(String zone, EventFormat format, boolean finalOnly) {
        return new ProfileRules(
                        zone,
                        SessionOptions.duration("--interest-half-life", interestHalfLife),
                        consentGranted(consentDefault, format),
                        SessionOptions.duration("--profile-ttl", profileTtl),
                        finalOnly)
                .validate();
    }

    /** --consent-default as a boolean; null: the format's default. */
    static boolean consentGranted(String consentDefault, EventFormat format) {
        if (consentDefault == null) {
            return format == EventFormat.REES46;
        }
        return switch (consentDefault.toLowerCase(Locale.ROOT)) {
            case "granted" -> true;
            case "denied" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "--consent-default must be granted or denied but was '"
                                    + consentDefault
                                    + "'");
        };
    }
}
