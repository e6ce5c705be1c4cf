package dev.segment.jobs.cli;

import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.profiles.ProfileRules;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How live profiles are built: shared by the file and the Kafka session commands. */
public final class ProfileOptions {

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
            defaultValue = "7d",
            paramLabel = "DURATION",
            description =
                    "After this long a product view, cart add or purchase counts half in"
                            + " interest scores. Default: ${DEFAULT-VALUE}.")
    String interestHalfLife;

    @Option(
            names = "--profile-ttl",
            defaultValue = "90d",
            paramLabel = "DURATION",
            description =
                    "How long an idle profile stays in the job's state (processing time)."
                            + " Default: ${DEFAULT-VALUE}.")
    String profileTtl;

    ProfileRules rules(String zone, EventFormat format, boolean finalOnly) {
        boolean granted;
        if (consentDefault == null) {
            granted = format == EventFormat.REES46;
        } else {
            granted =
                    switch (consentDefault.toLowerCase(Locale.ROOT)) {
                        case "granted" -> true;
                        case "denied" -> false;
                        default ->
                                throw new IllegalArgumentException(
                                        "--consent-default must be granted or denied but was '"
                                                + consentDefault
                                                + "'");
                    };
        }
        return new ProfileRules(
                        zone,
                        SessionOptions.duration("--interest-half-life", interestHalfLife),
                        granted,
                        SessionOptions.duration("--profile-ttl", profileTtl),
                        finalOnly)
                .validate();
    }
}
