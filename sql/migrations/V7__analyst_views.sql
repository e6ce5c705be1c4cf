-- Analysts' views: the questions asked every week, answered the same way on PostgreSQL and on the
-- embedded store. "Latest" is the newest succeeded run with results (latest_segments,
-- latest_rfm); revenue is the classic RFM monetary value of the same run.

-- Customers and share of each persona of the latest run.
CREATE VIEW segment_sizes AS
SELECT run_id, cluster_id, persona,
       COUNT(*)                                           AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS share_pct
FROM latest_segments
GROUP BY run_id, cluster_id, persona;

-- Revenue of each persona of the latest run: total, per customer, share of all revenue.
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

-- What a persona of the latest run looks like: its explanation and its members' mean RFM.
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

-- The 5 x 5 grid of classic R score by F score of the latest RFM run: customers and revenue per
-- cell (cells without customers have no row).
CREATE VIEW rfm_grid AS
SELECT run_id, r_score, f_score,
       COUNT(*)       AS customers,
       SUM(monetary)  AS revenue
FROM latest_rfm
WHERE definition = 'classic' AND r_score IS NOT NULL
GROUP BY run_id, r_score, f_score;

-- Persona sizes in every succeeded run, oldest first when ordered by finished_at.
CREATE VIEW segment_trend AS
SELECT r.run_id, r.finished_at, a.persona,
       COUNT(*)                                                                AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY r.run_id), 1) AS share_pct
FROM runs r
JOIN segment_assignments a ON a.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY r.run_id, r.finished_at, a.persona;

-- Each succeeded run with assignments and the one before it.
CREATE VIEW run_pairs AS
SELECT r.run_id,
       LAG(r.run_id) OVER (ORDER BY r.finished_at, r.run_id) AS previous_run_id
FROM runs r
WHERE r.status = 'succeeded'
  AND EXISTS (SELECT 1 FROM segment_assignments a WHERE a.run_id = r.run_id);

-- Customers by persona in a run (from_run) and in the next one (to_run). from_persona NULL: the
-- customer is new in to_run; to_persona NULL: the customer is not in to_run. Filter on to_run.
CREATE VIEW migration_matrix AS
SELECT q.previous_run_id AS from_run, q.run_id AS to_run,
       p.persona AS from_persona, t.persona AS to_persona, COUNT(*) AS customers
FROM run_pairs q
JOIN segment_assignments t ON t.run_id = q.run_id
LEFT JOIN segment_assignments p ON p.run_id = q.previous_run_id AND p.customer_id = t.customer_id
WHERE q.previous_run_id IS NOT NULL
GROUP BY q.previous_run_id, q.run_id, p.persona, t.persona
UNION ALL
SELECT q.previous_run_id, q.run_id, p.persona, NULL, COUNT(*)
FROM run_pairs q
JOIN segment_assignments p ON p.run_id = q.previous_run_id
WHERE NOT EXISTS (
    SELECT 1 FROM segment_assignments t WHERE t.run_id = q.run_id AND t.customer_id = p.customer_id)
GROUP BY q.previous_run_id, q.run_id, p.persona;

-- What live customers are doing now: the intent of customers active within 30 minutes (the
-- default session gap) of the newest live activity, in event time so a replay answers the same.
-- Customers who declined data use have no intent ('none').
CREATE VIEW live_intent_now AS
SELECT COALESCE(l.intent, 'none')                          AS intent,
       COUNT(*)                                            AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1)  AS share_pct
FROM segment_assignments_live l
WHERE l.updated_at >= (SELECT MAX(x.updated_at) FROM segment_assignments_live x)
                      - INTERVAL '30' MINUTE
GROUP BY COALESCE(l.intent, 'none');
