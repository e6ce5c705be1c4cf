-- Live profile of each golden record (a customer, or an anonymous visitor as visitor:ID), kept
-- current by bin/segment stream; the columns of profiles.csv. Windowed counts are as of last_seen.
-- A consent withdrawal deletes the row.
CREATE TABLE customer_live_profile (
    profile_id        VARCHAR PRIMARY KEY,
    customer_id       VARCHAR,
    visitors          INTEGER NOT NULL,
    first_seen        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen         TIMESTAMP WITH TIME ZONE NOT NULL,
    visitor_type      VARCHAR NOT NULL,
    sessions          BIGINT NOT NULL,
    sessions_7d       BIGINT NOT NULL,
    sessions_30d      BIGINT NOT NULL,
    events            BIGINT NOT NULL,
    events_7d         BIGINT NOT NULL,
    events_30d        BIGINT NOT NULL,
    cart_abandonment  DOUBLE PRECISION,
    conversion        DOUBLE PRECISION,
    preferred_device  VARCHAR,
    preferred_daypart VARCHAR,
    last_intent       VARCHAR,
    interests         VARCHAR,
    purchases         BIGINT NOT NULL,
    revenue           NUMERIC(18, 2) NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Visitors (cookies, devices) known to be customers: the earliest event carrying both ids.
CREATE TABLE identity_links (
    visitor_id  VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    linked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    linked_by   VARCHAR NOT NULL,
    PRIMARY KEY (visitor_id, customer_id)
);
