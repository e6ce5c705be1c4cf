-- Clickstream events that arrived after their session was closed (later than the watermark's
-- bound plus the allowed lateness): kept with how late they were, never dropped silently.
CREATE TABLE late_events (
    visitor_id  VARCHAR NOT NULL,
    event_ts    TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type  VARCHAR NOT NULL,
    event_id    VARCHAR,
    customer_id VARCHAR,
    lateness_ms BIGINT NOT NULL,
    reason      VARCHAR NOT NULL,
    PRIMARY KEY (visitor_id, event_ts, event_type)
);
