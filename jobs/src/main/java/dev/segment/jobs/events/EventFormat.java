package dev.segment.jobs.events;

import java.util.Locale;

/** Layouts of event input. */
public enum EventFormat {
    /** One JSON object per line or Kafka record, the fields `bin/segment generate` writes. */
    CANONICAL,
    /**
     * REES46 eCommerce events CSV: event_time, event_type (view, cart, remove_from_cart, purchase),
     * product_id, category_id, category_code, brand, price, user_id, user_session.
     */
    REES46;

    public static EventFormat parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--format must be canonical or rees46 but was '" + raw + "'");
        }
    }
}
