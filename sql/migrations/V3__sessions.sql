-- Visitor sessions from the clickstream (bin/segment stream; the columns of sessions.csv): one row
-- per visitor and session start, upserted, so a replayed or restarted stream leaves the same rows.
CREATE TABLE sessions (
    visitor_id       VARCHAR NOT NULL,
    session_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    customer_id      VARCHAR,
    session_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    events           BIGINT NOT NULL,
    page_views       BIGINT NOT NULL,
    product_views    BIGINT NOT NULL,
    searches         BIGINT NOT NULL,
    cart_adds        BIGINT NOT NULL,
    cart_removes     BIGINT NOT NULL,
    checkouts        BIGINT NOT NULL,
    purchases        BIGINT NOT NULL,
    support_views    BIGINT NOT NULL,
    revenue          NUMERIC(18, 2) NOT NULL,
    intent           VARCHAR NOT NULL,
    device           VARCHAR,
    daypart          VARCHAR,
    weekend          BOOLEAN,
    referrer_channel VARCHAR,
    country          VARCHAR,
    PRIMARY KEY (visitor_id, session_start)
);
