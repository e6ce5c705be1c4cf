-- 04 Personas of the newest clustering run with their size, revenue share and lifecycle mix.
-- Expected on the demo data (bin/segment demo, CSV; RecipesITCase compares these columns on
-- both stores):
-- | persona,customers,newcomers,at_risk,avg_confidence
-- | Lost occasional buyers,4957,4066,36,0.66
-- | Bargain occasionals,4189,3346,72,0.69
-- | Shorter-tenure big-basket customers,3804,2537,26,0.58
-- | Premium occasional buyers,2763,1918,17,0.6
-- | Steady regulars,2443,0,690,0.48
-- | Recent buyers,2069,0,653,0.49
-- | Loyal high spenders,1721,0,104,0.54
-- | High-spend big-basket customers,1624,41,461,0.45
SELECT a.persona,
       COUNT(*) AS customers,
       SUM(CASE WHEN a.customer_profile = 'new' THEN 1 ELSE 0 END) AS newcomers,
       SUM(CASE WHEN a.lifecycle_stage = 'at_risk' THEN 1 ELSE 0 END) AS at_risk,
       ROUND(CAST(AVG(a.confidence) AS NUMERIC), 2) AS avg_confidence
FROM latest_segments a
GROUP BY a.persona
ORDER BY customers DESC;
