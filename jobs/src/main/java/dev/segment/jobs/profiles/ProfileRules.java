package dev.segment.jobs.profiles;

import dev.segment.jobs.events.EventType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 */
public record ProfileRules(
        String zone,
        Duration interestHalfLife,
        boolean consentDefault,
        Duration stateTtl,
        boolean finalOnly)
        implements Serializable {

    /** Weight of a product view in interest scores; carts and purchases weigh more. */
    public static final double VIEW_WEIGHT = 1;

    public static final double CART_WEIGHT = 3;
    public static final double PURCHASE_WEIGHT = 5;

    public ProfileRules validate() {
        ZoneId.of(zone);
        if (interestHalfLife.isNegative() || interestHalfLife.isZero()) {
            throw new IllegalArgumentException(
                    "--interest-half-life must be positive but was " + interestHalfLife);
        }
        if (stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException(
                    "--profile-ttl must be positive but was " + stateTtl);
        }
        return this;
    }

    // ZoneId.of parses and looks up the rules on every call; day() runs once per event
    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

    /** The epoch day of {@code millis} in the business zone. */
    public long day(long millis) {
        ZoneId z = ZONES.computeIfAbsent(zone, ZoneId::of);
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
