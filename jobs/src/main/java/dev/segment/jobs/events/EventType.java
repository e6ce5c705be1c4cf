package dev.segment.jobs.events;

import java.util.Locale;

/** The event types of the canonical clickstream. */
public enum EventType {
    PAGE_VIEW,
    PRODUCT_VIEW,
    SEARCH,
    ADD_TO_CART,
    REMOVE_FROM_CART,
    CHECKOUT,
    PURCHASE,
    LOGIN,
    SUPPORT_VIEW,
    CONSENT;

    /** The type named {@code raw} (canonical lower-case name), or null when there is none. */
    public static EventType of(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The canonical name, e.g. {@code add_to_cart}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
