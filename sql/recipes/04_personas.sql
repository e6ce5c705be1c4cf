-- 04 Personas of the newest clustering run with their size, revenue share and lifecycle mix.
SELECT a.persona,
       COUNT(*) AS customers,
       SUM(CASE WHEN a.customer_profile = 'new' THEN 1 ELSE 0 END) AS newcomers,
       SUM(CASE WHEN a.lifecycle_stage = 'at_risk' THEN 1 ELSE 0 END) AS at_risk,
       ROUND(CAST(AVG(a.confidence) AS NUMERIC), 2) AS avg_confidence
FROM latest_segments a
GROUP BY a.persona
ORDER BY customers DESC;
