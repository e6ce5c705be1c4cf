-- Current segments, their history and changes, the golden record with consent, erasure and
-- exports. Same SQL on PostgreSQL 15 and on the embedded H2 store.
--
-- Until V8, segment_assignments held a row per run and customer. That table is the runs' detail
-- (kept per run until `bin/segment prune`) and is now called run_assignments; segment_assignments
-- is now the current segment of each customer, one row per customer (a view of the open periods).

-- Views over the per-run table are dropped and made again on the renamed table (H2 keeps a view's
-- text, PostgreSQL its target: dropping them keeps both stores alike).
DROP VIEW migration_matrix;
DROP VIEW run_pairs;
DROP VIEW segment_trend;
DROP VIEW persona_profiles;
DROP VIEW segment_revenue;
DROP VIEW segment_sizes;
DROP VIEW latest_segments;

ALTER TABLE segment_assignments RENAME TO run_assignments;
ALTER INDEX segment_assignments_customer RENAME TO run_assignments_customer;
ALTER INDEX segment_assignments_persona RENAME TO run_assignments_persona;
-- a customer who declined data use is in the 'generic' segment, which is no cluster
ALTER TABLE run_assignments ALTER COLUMN cluster_id DROP NOT NULL;

-- When a run's assignments became the current ones: valid_from of the periods it opened. A re-run
-- of the newest published run id replaces its publication; an older one is refused.
CREATE TABLE segment_publications (
    run_id       VARCHAR NOT NULL,
    published_at TIMESTAMP NOT NULL,
    customers    BIGINT NOT NULL,
    changes      BIGINT NOT NULL,
    CONSTRAINT segment_publications_key PRIMARY KEY (run_id)
);

-- One row per period of membership: a period starts when a published run puts the customer in a
-- segment (cluster, persona, RFM segment, lifecycle stage or new/long-standing differ from the
-- open period), or a consent withdrawal puts them in 'generic' (run_id 'consent'), and ends
-- (valid_to) when a later run moves the customer or no longer has them. valid_to NULL: the open
-- period, the customer's current segment (segment_assignments).
CREATE TABLE segment_history (
    customer_id      VARCHAR NOT NULL,
    valid_from       TIMESTAMP NOT NULL,
    valid_to         TIMESTAMP,
    cluster_id       INTEGER,
    persona          VARCHAR NOT NULL,
    rfm_segment      VARCHAR,
    lifecycle_stage  VARCHAR,
    customer_profile VARCHAR,
    run_id           VARCHAR NOT NULL,   -- the run that opened the period
    closed_by_run    VARCHAR,            -- the run that ended it
    CONSTRAINT segment_history_key PRIMARY KEY (customer_id, valid_from)
);
CREATE INDEX segment_history_run ON segment_history (run_id);
CREATE INDEX segment_history_closed ON segment_history (closed_by_run);
CREATE INDEX segment_history_period ON segment_history (valid_from, valid_to);

-- What each published run changed: entered (new customer), exited (no longer in the run),
-- moved (any of the history's attributes differs). Unchanged customers have no row.
CREATE TABLE segment_changes (
    run_id                VARCHAR NOT NULL,
    customer_id           VARCHAR NOT NULL,
    reason                VARCHAR NOT NULL CHECK (reason IN ('entered', 'exited', 'moved')),
    from_cluster_id       INTEGER,
    to_cluster_id         INTEGER,
    from_persona          VARCHAR,
    to_persona            VARCHAR,
    from_rfm_segment      VARCHAR,
    to_rfm_segment        VARCHAR,
    from_lifecycle_stage  VARCHAR,
    to_lifecycle_stage    VARCHAR,
    from_customer_profile VARCHAR,
    to_customer_profile   VARCHAR,
    changed_at            TIMESTAMP NOT NULL,
    CONSTRAINT segment_changes_key PRIMARY KEY (run_id, customer_id)
);
CREATE INDEX segment_changes_customer ON segment_changes (customer_id);

-- The golden record: every customer any published run or consent change has named. consent is
-- the latest status from the consent table ('unknown' until one arrives).
CREATE TABLE customers (
    customer_id        VARCHAR NOT NULL,
    first_seen         TIMESTAMP NOT NULL,
    consent            VARCHAR NOT NULL DEFAULT 'unknown'
                       CHECK (consent IN ('granted', 'withdrawn', 'unknown')),
    consent_changed_at TIMESTAMP,
    CONSTRAINT customers_key PRIMARY KEY (customer_id)
);

-- Every consent change as it arrived: from `bin/segment consent --file`, or a stream's events.
CREATE TABLE consent (
    customer_id VARCHAR NOT NULL,
    status      VARCHAR NOT NULL CHECK (status IN ('granted', 'withdrawn')),
    changed_at  TIMESTAMP NOT NULL,
    source      VARCHAR NOT NULL,
    CONSTRAINT consent_key PRIMARY KEY (customer_id, changed_at, status)
);

-- One row per erasure (`bin/segment forget`), without personal data: subject is a keyed hash of
-- the customer id (the key is in store_settings) so later runs and exports can keep the customer
-- out without keeping who it was in clear; rows_deleted is a JSON object table -> rows.
CREATE TABLE erasure_audit (
    erasure_id   VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,
    erased_at    TIMESTAMP NOT NULL,
    rows_deleted VARCHAR NOT NULL,
    CONSTRAINT erasure_audit_key PRIMARY KEY (erasure_id)
);
CREATE INDEX erasure_audit_subject ON erasure_audit (subject);

-- Settings the store keeps for itself (the erasure hash key).
CREATE TABLE store_settings (
    setting       VARCHAR NOT NULL,
    setting_value VARCHAR NOT NULL,
    CONSTRAINT store_settings_key PRIMARY KEY (setting)
);

-- Nightly CRM exports: the date exported, the instant its snapshot is taken at, what it holds.
CREATE TABLE exports (
    export_date   DATE NOT NULL,
    snapshot_at   TIMESTAMP NOT NULL,
    exported_at   TIMESTAMP NOT NULL,
    snapshot_rows BIGINT NOT NULL,
    delta_rows    BIGINT NOT NULL,
    runs          VARCHAR NOT NULL,   -- JSON array of the run ids whose periods the snapshot holds
    CONSTRAINT exports_key PRIMARY KEY (export_date)
);

-- The views of V1 and V7 again, on run_assignments.
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

-- The current segment of each customer, one row per customer: the open period of
-- segment_history, with the distance, confidence and explanation of the newest published run.
-- Customers who declined data use are in the 'generic' segment (cluster_id NULL, nothing said about
-- their behaviour). valid_from: since when the customer has been in this segment. A view, so a
-- publication writes only what changed, not a population.
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

-- What a CRM that pulls instead of loading files reads: the current segment of every customer
-- who has not declined data use and has not been erased (erased customers have no rows left).
CREATE VIEW crm_segment_export AS
SELECT a.customer_id, a.persona, a.cluster_id, a.rfm_segment, a.lifecycle_stage,
       a.customer_profile, a.valid_from
FROM segment_assignments a
JOIN customers c ON c.customer_id = a.customer_id
WHERE c.consent <> 'withdrawn';
