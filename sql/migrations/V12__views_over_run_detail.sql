-- The views V10 dropped, unchanged (V1, V7, V9), on the tables as V11 left them (PostgreSQL) or V9 (H2).

CREATE VIEW latest_rfm AS
SELECT c.*
FROM customer_rfm c
WHERE c.run_id = (
    SELECT r.run_id FROM runs r
    WHERE r.status = 'succeeded'
      AND EXISTS (SELECT 1 FROM customer_rfm x WHERE x.run_id = r.run_id)
    ORDER BY r.finished_at DESC
    LIMIT 1);

-- The 5 x 5 grid of classic R score by F score of the latest RFM run: customers and revenue per
-- cell (cells without customers have no row).
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
