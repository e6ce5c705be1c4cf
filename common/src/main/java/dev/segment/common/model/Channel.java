package dev.segment.common.model;

import java.util.Locale;

/** Sales channel of a transaction. */
public enum Channel {
    ONLINE,
    STORE,
    UNKNOWN;

    /**
     * Parses a channel name case-insensitively ("online", "web" and "ecommerce" mean {@link
     * #ONLINE}; "store", "shop", "pos" and "offline" mean {@link #STORE}); blank means {@link
     * #UNKNOWN}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Channel parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "online":
            case "web":
            case "ecommerce":
                return ONLINE;
            case "store":
            case "shop":
            case "pos":
            case "offline":
                return STORE;
            case "unknown":
                return UNKNOWN;
            default:
                throw new IllegalArgumentException(
                        "unknown channel '" + raw + "' (expected online or store)");
        }
    }
}
