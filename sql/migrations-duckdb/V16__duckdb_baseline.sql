-- The embedded (DuckDB) store's schema, as of version 16: the tables, keys and views that the
-- shared migrations V1-V16 give PostgreSQL, written once in SQL DuckDB takes. DuckDB cannot replay
-- those steps (it renames no table with an index, adds no column with a constraint, renames no
-- index), so a new embedded store starts here; migrations after V16 in migrations/ apply to both.
--
-- Differences on purpose, all for bulk speed (BENCHMARKS.md: a first publication of 1M customers
-- took 8.4 s with PostgreSQL's keys and indexes, 4.8 s without these):
-- - The per-run detail tables (customer_rfm, run_assignments, customer_features) have no primary
--   key. Only a run's publication writes them: it deletes the run id's rows and appends the run's
--   rows in one transaction, so the key holds without an index. The key columns stay NOT NULL.
-- - segment_changes and segment_history have no primary key either: only publications, consent
--   changes and erasures write them, one at a time (the ledger lock), with the same statements
--   that PostgreSQL's keys check in every test run on both stores.
-- - No secondary index. DuckDB's indexes serve point lookups only; its scans and hash joins do not
--   use them, and keeping them up costs inserts. Every other table keeps its primary key (the
--   streaming sinks' upserts need them).

CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    command VARCHAR NOT NULL,
    parameters VARCHAR,
    input_paths VARCHAR,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,
    rows_read BIGINT,
    rows_accepted BIGINT,
    rows_rejected BIGINT,
    customers BIGINT,
    message VARCHAR,
    code_version VARCHAR,
    rows_excluded BIGINT,
    rows_ignored BIGINT,
    rows_duplicate BIGINT,
    pruned_at TIMESTAMP,
    CHECK((status IN ('running', 'succeeded', 'failed')))
);

CREATE TABLE customer_rfm (
    run_id VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    as_of DATE,
    recency_days INTEGER,
    frequency INTEGER,
    monetary DECIMAL(18,2),
    avg_order_value DECIMAL(18,2),
    tenure_days INTEGER,
    first_purchase DATE,
    last_purchase DATE,
    r_score SMALLINT,
    f_score SMALLINT,
    m_score SMALLINT,
    rfm_score SMALLINT,
    rfm_segment VARCHAR,
    lt_frequency DOUBLE,
    lt_recency DOUBLE,
    lt_t DOUBLE,
    lt_monetary_value DOUBLE,
    lt_frequency_holdout DOUBLE,
    lt_monetary_value_holdout DOUBLE,
    lt_duration_holdout DOUBLE,
    consent VARCHAR,
    consent_changed_at TIMESTAMP
);

CREATE TABLE run_assignments (
    run_id VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    cluster_id INTEGER,
    persona VARCHAR NOT NULL,
    rfm_segment VARCHAR,
    lifecycle_stage VARCHAR,
    customer_profile VARCHAR,
    distance DOUBLE,
    confidence DOUBLE,
    explanation VARCHAR,
    top_features VARCHAR
);

CREATE TABLE personas (
    run_id VARCHAR,
    cluster_id INTEGER,
    "name" VARCHAR NOT NULL,
    explanation VARCHAR,
    size BIGINT,
    "share" DOUBLE,
    revenue_share DOUBLE,
    centroid VARCHAR,
    distinguishing_features VARCHAR,
    PRIMARY KEY(run_id, cluster_id)
);

CREATE TABLE models (
    "version" VARCHAR PRIMARY KEY,
    run_id VARCHAR,
    created_at TIMESTAMP NOT NULL,
    params VARCHAR,
    metrics VARCHAR,
    blob VARCHAR
);

CREATE TABLE sessions (
    visitor_id VARCHAR,
    session_start TIMESTAMP WITH TIME ZONE,
    customer_id VARCHAR,
    session_end TIMESTAMP WITH TIME ZONE NOT NULL,
    events BIGINT NOT NULL,
    page_views BIGINT NOT NULL,
    product_views BIGINT NOT NULL,
    searches BIGINT NOT NULL,
    cart_adds BIGINT NOT NULL,
    cart_removes BIGINT NOT NULL,
    checkouts BIGINT NOT NULL,
    purchases BIGINT NOT NULL,
    support_views BIGINT NOT NULL,
    revenue DECIMAL(18,2) NOT NULL,
    intent VARCHAR NOT NULL,
    device VARCHAR,
    daypart VARCHAR,
    weekend BOOLEAN,
    referrer_channel VARCHAR,
    country VARCHAR,
    PRIMARY KEY(visitor_id, session_start)
);

CREATE TABLE late_events (
    visitor_id VARCHAR,
    event_ts TIMESTAMP WITH TIME ZONE,
    event_type VARCHAR,
    event_id VARCHAR,
    customer_id VARCHAR,
    lateness_ms BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY(visitor_id, event_ts, event_type)
);

CREATE TABLE customer_live_profile (
    profile_id VARCHAR PRIMARY KEY,
    customer_id VARCHAR,
    visitors INTEGER NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    visitor_type VARCHAR NOT NULL,
    sessions BIGINT NOT NULL,
    sessions_7d BIGINT NOT NULL,
    sessions_30d BIGINT NOT NULL,
    events BIGINT NOT NULL,
    events_7d BIGINT NOT NULL,
    events_30d BIGINT NOT NULL,
    cart_abandonment DOUBLE,
    "conversion" DOUBLE,
    preferred_device VARCHAR,
    preferred_daypart VARCHAR,
    last_intent VARCHAR,
    interests VARCHAR,
    purchases BIGINT NOT NULL,
    revenue DECIMAL(18,2) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    support_share DOUBLE,
    rfm_as_of DATE,
    recency_days INTEGER,
    frequency BIGINT DEFAULT(0) NOT NULL,
    monetary DECIMAL(18,2) DEFAULT(0) NOT NULL,
    first_purchase DATE,
    last_purchase DATE
);

CREATE TABLE identity_links (
    visitor_id VARCHAR,
    customer_id VARCHAR,
    linked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    linked_by VARCHAR NOT NULL,
    PRIMARY KEY(visitor_id, customer_id)
);

CREATE TABLE segment_assignments_live (
    customer_id VARCHAR PRIMARY KEY,
    cluster_id INTEGER,
    persona VARCHAR NOT NULL,
    intent VARCHAR,
    lifecycle VARCHAR,
    customer_profile VARCHAR,
    confidence DOUBLE,
    explanation VARCHAR,
    model_version VARCHAR,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE segment_publications (
    run_id VARCHAR,
    published_at TIMESTAMP NOT NULL,
    customers BIGINT NOT NULL,
    changes BIGINT NOT NULL,
    PRIMARY KEY(run_id)
);

CREATE TABLE segment_history (
    customer_id VARCHAR NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    cluster_id INTEGER,
    persona VARCHAR NOT NULL,
    rfm_segment VARCHAR,
    lifecycle_stage VARCHAR,
    customer_profile VARCHAR,
    run_id VARCHAR NOT NULL,
    closed_by_run VARCHAR
);

CREATE TABLE segment_changes (
    run_id VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    from_cluster_id INTEGER,
    to_cluster_id INTEGER,
    from_persona VARCHAR,
    to_persona VARCHAR,
    from_rfm_segment VARCHAR,
    to_rfm_segment VARCHAR,
    from_lifecycle_stage VARCHAR,
    to_lifecycle_stage VARCHAR,
    from_customer_profile VARCHAR,
    to_customer_profile VARCHAR,
    changed_at TIMESTAMP NOT NULL,
    CHECK((reason IN ('entered', 'exited', 'moved')))
);

CREATE TABLE customers (
    customer_id VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    consent VARCHAR DEFAULT('unknown') NOT NULL,
    consent_changed_at TIMESTAMP,
    CHECK((consent IN ('granted', 'withdrawn', 'unknown'))),
    PRIMARY KEY(customer_id)
);

CREATE TABLE consent (
    customer_id VARCHAR,
    status VARCHAR,
    changed_at TIMESTAMP,
    "source" VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    CHECK((status IN ('granted', 'withdrawn'))),
    PRIMARY KEY(customer_id, changed_at, status)
);

CREATE TABLE erasure_audit (
    erasure_id VARCHAR,
    subject VARCHAR NOT NULL,
    erased_at TIMESTAMP NOT NULL,
    rows_deleted VARCHAR NOT NULL,
    PRIMARY KEY(erasure_id)
);

CREATE TABLE store_settings (
    setting VARCHAR,
    setting_value VARCHAR NOT NULL,
    PRIMARY KEY(setting)
);

CREATE TABLE exports (
    export_date DATE,
    snapshot_at TIMESTAMP NOT NULL,
    exported_at TIMESTAMP NOT NULL,
    snapshot_rows BIGINT NOT NULL,
    delta_rows BIGINT NOT NULL,
    runs VARCHAR NOT NULL,
    PRIMARY KEY(export_date)
);

CREATE TABLE customer_features (
    run_id VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    features VARCHAR NOT NULL,
    behaviour VARCHAR
);


CREATE VIEW live_intent_now AS
SELECT COALESCE(l.intent, 'none')                          AS intent,
       COUNT(*)                                            AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1)  AS share_pct
FROM segment_assignments_live l
WHERE l.updated_at >= (SELECT MAX(x.updated_at) FROM segment_assignments_live x)
                      - INTERVAL '30' MINUTE
GROUP BY COALESCE(l.intent, 'none');

CREATE VIEW latest_rfm AS
SELECT c.*
FROM customer_rfm c
WHERE c.run_id = (
    SELECT r.run_id FROM runs r
    WHERE r.status = 'succeeded'
      AND EXISTS (SELECT 1 FROM customer_rfm x WHERE x.run_id = r.run_id)
    ORDER BY r.finished_at DESC
    LIMIT 1);

CREATE VIEW rfm_grid AS
SELECT run_id, r_score, f_score,
       COUNT(*)       AS customers,
       SUM(monetary)  AS revenue
FROM latest_rfm
WHERE definition = 'classic' AND r_score IS NOT NULL
GROUP BY run_id, r_score, f_score;

CREATE VIEW latest_segments AS
SELECT a.*
FROM run_assignments a
WHERE a.run_id = (
    SELECT r.run_id FROM runs r
    WHERE r.status = 'succeeded'
      AND EXISTS (SELECT 1 FROM run_assignments x WHERE x.run_id = r.run_id)
    ORDER BY r.finished_at DESC
    LIMIT 1);

CREATE VIEW segment_sizes AS
SELECT run_id, cluster_id, persona,
       COUNT(*)                                           AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS share_pct
FROM latest_segments
GROUP BY run_id, cluster_id, persona;

CREATE VIEW segment_revenue AS
SELECT s.run_id, s.cluster_id, s.persona,
       COUNT(*)                                                      AS customers,
       SUM(r.monetary)                                               AS revenue,
       ROUND(SUM(r.monetary) / COUNT(*), 2)                          AS revenue_per_customer,
       ROUND(100.0 * SUM(r.monetary) / SUM(SUM(r.monetary)) OVER (), 1) AS revenue_pct
FROM latest_segments s
JOIN customer_rfm r
  ON r.run_id = s.run_id AND r.customer_id = s.customer_id AND r.definition = 'classic'
GROUP BY s.run_id, s.cluster_id, s.persona;

CREATE VIEW persona_profiles AS
SELECT s.run_id, s.cluster_id, s.persona, p.explanation,
       COUNT(*)                                                             AS customers,
       ROUND(AVG(1.0 * r.recency_days), 1)                                  AS avg_recency_days,
       ROUND(AVG(1.0 * r.frequency), 2)                                     AS avg_frequency,
       ROUND(AVG(r.monetary), 2)                                            AS avg_monetary,
       ROUND(AVG(r.avg_order_value), 2)                                     AS avg_order_value,
       ROUND(AVG(1.0 * r.tenure_days), 1)                                   AS avg_tenure_days,
       ROUND(100.0 * SUM(CASE WHEN s.customer_profile = 'new' THEN 1 ELSE 0 END) / COUNT(*), 1)
                                                                            AS new_customers_pct
FROM latest_segments s
JOIN customer_rfm r
  ON r.run_id = s.run_id AND r.customer_id = s.customer_id AND r.definition = 'classic'
JOIN personas p ON p.run_id = s.run_id AND p.cluster_id = s.cluster_id
GROUP BY s.run_id, s.cluster_id, s.persona, p.explanation;

CREATE VIEW segment_trend AS
SELECT r.run_id, r.finished_at, a.persona,
       COUNT(*)                                                                AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY r.run_id), 1) AS share_pct
FROM runs r
JOIN run_assignments a ON a.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY r.run_id, r.finished_at, a.persona;

CREATE VIEW run_pairs AS
SELECT r.run_id,
       LAG(r.run_id) OVER (ORDER BY r.finished_at, r.run_id) AS previous_run_id
FROM runs r
WHERE r.status = 'succeeded'
  AND EXISTS (SELECT 1 FROM run_assignments a WHERE a.run_id = r.run_id);

CREATE VIEW migration_matrix AS
SELECT q.previous_run_id AS from_run, q.run_id AS to_run,
       p.persona AS from_persona, t.persona AS to_persona, COUNT(*) AS customers
FROM run_pairs q
JOIN run_assignments t ON t.run_id = q.run_id
LEFT JOIN run_assignments p ON p.run_id = q.previous_run_id AND p.customer_id = t.customer_id
WHERE q.previous_run_id IS NOT NULL
GROUP BY q.previous_run_id, q.run_id, p.persona, t.persona
UNION ALL
SELECT q.previous_run_id, q.run_id, p.persona, NULL, COUNT(*)
FROM run_pairs q
JOIN run_assignments p ON p.run_id = q.previous_run_id
WHERE NOT EXISTS (
    SELECT 1 FROM run_assignments t WHERE t.run_id = q.run_id AND t.customer_id = p.customer_id)
GROUP BY q.previous_run_id, q.run_id, p.persona;

CREATE VIEW segment_assignments AS
SELECT h.customer_id, a.run_id, h.cluster_id, h.persona, h.rfm_segment, h.lifecycle_stage,
       h.customer_profile,
       CASE WHEN h.persona = 'generic' THEN NULL ELSE a.distance END     AS distance,
       CASE WHEN h.persona = 'generic' THEN NULL ELSE a.confidence END   AS confidence,
       CASE WHEN h.persona = 'generic'
            THEN 'declined the use of their data: generic segment, no profile'
            ELSE a.explanation END                                       AS explanation,
       CASE WHEN h.persona = 'generic' THEN NULL ELSE a.top_features END AS top_features,
       h.valid_from
FROM segment_history h
LEFT JOIN run_assignments a
  ON a.customer_id = h.customer_id
 AND a.run_id = (SELECT p.run_id FROM segment_publications p
                 ORDER BY p.published_at DESC, p.run_id DESC LIMIT 1)
WHERE h.valid_to IS NULL;

CREATE VIEW crm_segment_export AS
SELECT a.customer_id, a.persona, a.cluster_id, a.rfm_segment, a.lifecycle_stage,
       a.customer_profile, a.valid_from
FROM segment_assignments a
JOIN customers c ON c.customer_id = a.customer_id
WHERE c.consent <> 'withdrawn';

INSERT INTO store_settings (setting, setting_value)
VALUES ('ledger_lock', 'locked by publications, consent changes and erasures');
