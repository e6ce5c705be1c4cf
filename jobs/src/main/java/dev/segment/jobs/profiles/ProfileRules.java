package dev.segment.jobs.profiles;

import dev.segment.jobs.events.EventType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How live profiles are built: the business zone (days and dayparts), the half-life of interest
 * scores and the weight of each event type in them, what an event without a {@code consent} field
 * means, and how long an idle profile stays in state.
 *
 * @param zone business time zone id
 * @param interestHalfLife after this long an interaction counts half
 * @param consentDefault whether an event that says nothing about consent may be profiled, as long
 *     as the visitor has not stated otherwise
 * @param stateTtl processing time after its last update that a profile's state is kept
 * @param finalOnly emit each profile once, at the end of its input (BATCH mode), instead of on
 *     every change
 * @param emitInterval streaming: the longest a changed profile waits before it is emitted; the
 *     changes within it are emitted once, as the profile after the last. Zero: every change at
 *     once. Deletes never wait.
 */
public record ProfileRules(
        String zone,
        Duration interestHalfLife,
        boolean consentDefault,
        Duration stateTtl,
        boolean finalOnly,
        Duration emitInterval)
        implements Serializable {

    /** Rules that emit every change at once (or only the final profiles). */
    public ProfileRules(
            String zone,
            Duration interestHalfLife,
            boolean consentDefault,
            Duration stateTtl,
            boolean finalOnly) {
        this(zone, interestHalfLife, consentDefault, stateTtl, finalOnly, Duration.ZERO);
    }

    /** Weight of a product view in interest scores; carts and purchases weigh more. */
    public static final double VIEW_WEIGHT = 1;

    public static final double CART_WEIGHT = 3;
    public static final double PURCHASE_WEIGHT = 5;

    /** These rules with another {@link #emitInterval}. */
    public ProfileRules withEmitInterval(Duration interval) {
        return new ProfileRules(
                zone, interestHalfLife, consentDefault, stateTtl, finalOnly, interval);
    }

    public ProfileRules validate() {
        ZoneId.of(zone);
        if (interestHalfLife.isNegative() || interestHalfLife.isZero()) {
            throw new IllegalArgumentException(
                    "--interest-half-life must be positive but was " + interestHalfLife);
        }
        if (emitInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "--profile-interval must not be negative but was " + emitInterval);
        }
        if (stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException(
                    "--profile-ttl must be positive but was " + stateTtl);
        }
        return this;
    }

    // ZoneId.of parses and looks up the rules on every call; day() runs several times per event
    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

    private static final long DAY_MILLIS = 86_400_000L;

    /** The epoch day of {@code millis} in the business zone. */
    public long day(long millis) {
        ZoneId z = ZONES.computeIfAbsent(zone, ZoneId::of);
        ZoneRules r = z.getRules();
        if (r.isFixedOffset()) {
            // UTC and other fixed offsets: plain arithmetic, no date objects
            long offset = r.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L;
            return Math.floorDiv(millis + offset, DAY_MILLIS);
        }
        return Instant.ofEpochMilli(millis).atZone(z).toLocalDate().toEpochDay();
    }

    public long halfLifeMillis() {
        return interestHalfLife.toMillis();
    }

    /** How much an event of this type says about interest in its category (0: nothing). */
    public double interestWeight(EventType type) {
        return switch (type) {
            case PRODUCT_VIEW -> VIEW_WEIGHT;
            case ADD_TO_CART -> CART_WEIGHT;
            case PURCHASE -> PURCHASE_WEIGHT;
            default -> 0;
        };
    }
}
