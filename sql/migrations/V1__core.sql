-- Core tables of the segment store. Written in SQL that PostgreSQL 15 and H2 2.x (PostgreSQL
-- mode) both accept, so the embedded store and the real one have the same tables.

-- Every run of every command: what was asked, what was read, how it ended.
CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    command       VARCHAR NOT NULL,
    parameters    VARCHAR,            -- JSON object of the options
    input_paths   VARCHAR,            -- JSON array
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    rows_read     BIGINT,
    rows_accepted BIGINT,
    rows_rejected BIGINT,
    customers     BIGINT,
    message       VARCHAR,
    code_version  VARCHAR
);

-- RFM per customer and definition (classic, lifetimes, rfm-package); columns a definition does
-- not produce stay NULL. Idempotent upserts key on (run_id, customer_id, definition).
CREATE TABLE customer_rfm (
    run_id                    VARCHAR NOT NULL,
    customer_id               VARCHAR NOT NULL,
    definition                VARCHAR NOT NULL,
    as_of                     DATE,
    recency_days              INTEGER,
    frequency                 INTEGER,
    monetary                  NUMERIC(18, 2),
    avg_order_value           NUMERIC(18, 2),
    tenure_days               INTEGER,
    first_purchase            DATE,
    last_purchase             DATE,
    r_score                   SMALLINT,
    f_score                   SMALLINT,
    m_score                   SMALLINT,
    rfm_score                 SMALLINT,
    rfm_segment               VARCHAR,
    lt_frequency              DOUBLE PRECISION,
    lt_recency                DOUBLE PRECISION,
    lt_t                      DOUBLE PRECISION,
    lt_monetary_value         DOUBLE PRECISION,
    lt_frequency_holdout      DOUBLE PRECISION,
    lt_monetary_value_holdout DOUBLE PRECISION,
    lt_duration_holdout       DOUBLE PRECISION,
    PRIMARY KEY (run_id, customer_id, definition)
);
CREATE INDEX customer_rfm_customer ON customer_rfm (customer_id);
CREATE INDEX customer_rfm_segment ON customer_rfm (run_id, rfm_segment);

-- Cluster (persona) of every customer, with why. customer_profile says new vs long-standing,
-- so activation never treats a newcomer like an old friend.
CREATE TABLE segment_assignments (
    run_id           VARCHAR NOT NULL,
    customer_id      VARCHAR NOT NULL,
    cluster_id       INTEGER NOT NULL,
    persona          VARCHAR NOT NULL,
    rfm_segment      VARCHAR,
    lifecycle_stage  VARCHAR,
    customer_profile VARCHAR,
    distance         DOUBLE PRECISION,
    confidence       DOUBLE PRECISION,
    explanation      VARCHAR,
    top_features     VARCHAR,
    PRIMARY KEY (run_id, customer_id)
);
CREATE INDEX segment_assignments_customer ON segment_assignments (customer_id);
CREATE INDEX segment_assignments_persona ON segment_assignments (run_id, persona);

-- Named, explained clusters of a run.
CREATE TABLE personas (
    run_id                  VARCHAR NOT NULL,
    cluster_id              INTEGER NOT NULL,
    name                    VARCHAR NOT NULL,
    explanation             VARCHAR,
    size                    BIGINT,
    share                   DOUBLE PRECISION,
    revenue_share           DOUBLE PRECISION,
    centroid                VARCHAR,    -- JSON object feature -> value in original units
    distinguishing_features VARCHAR,    -- JSON array of {feature, z}
    PRIMARY KEY (run_id, cluster_id)
);

-- Trained models (model.json as written by the clustering job).
CREATE TABLE models (
    version    VARCHAR PRIMARY KEY,
    run_id     VARCHAR,
    created_at TIMESTAMP NOT NULL,
    params     VARCHAR,
    metrics    VARCHAR,
    blob       VARCHAR
);

-- Analysts' entry points: the newest succeeded run's results.
CREATE VIEW latest_rfm AS
SELECT c.*
FROM customer_rfm c
WHERE c.run_id = (
    SELECT r.run_id FROM runs r
    WHERE r.status = 'succeeded'
      AND EXISTS (SELECT 1 FROM customer_rfm x WHERE x.run_id = r.run_id)
    ORDER BY r.finished_at DESC
    LIMIT 1);

CREATE VIEW latest_segments AS
SELECT a.*
FROM segment_assignments a
WHERE a.run_id = (
    SELECT r.run_id FROM runs r
    WHERE r.status = 'succeeded'
      AND EXISTS (SELECT 1 FROM segment_assignments x WHERE x.run_id = r.run_id)
    ORDER BY r.finished_at DESC
    LIMIT 1);
