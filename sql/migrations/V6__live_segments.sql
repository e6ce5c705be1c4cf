-- Live RFM in the live profile: the latest batch run's classic RFM as baseline plus the purchase
-- events dated after its as-of day. NULL dates and recency: no purchase known at all.
ALTER TABLE customer_live_profile ADD COLUMN support_share DOUBLE PRECISION;
ALTER TABLE customer_live_profile ADD COLUMN rfm_as_of DATE;
ALTER TABLE customer_live_profile ADD COLUMN recency_days INTEGER;
ALTER TABLE customer_live_profile ADD COLUMN frequency BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_live_profile ADD COLUMN monetary NUMERIC(18, 2) NOT NULL DEFAULT 0;
ALTER TABLE customer_live_profile ADD COLUMN first_purchase DATE;
ALTER TABLE customer_live_profile ADD COLUMN last_purchase DATE;

-- Live segment of each customer, kept current by bin/segment stream with the newest model:
-- persona 'generic' (cluster_id NULL) for a customer who declined or withdrew data use,
-- 'prospect' for a known customer with no purchase yet. updated_at is the event time of the
-- latest change (so a replay writes the same rows), model_version the model that assigned it.
CREATE TABLE segment_assignments_live (
    customer_id      VARCHAR PRIMARY KEY,
    cluster_id       INTEGER,
    persona          VARCHAR NOT NULL,
    intent           VARCHAR,
    lifecycle        VARCHAR,
    customer_profile VARCHAR,
    confidence       DOUBLE PRECISION,
    explanation      VARCHAR,
    model_version    VARCHAR,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX segment_assignments_live_persona ON segment_assignments_live (persona);
