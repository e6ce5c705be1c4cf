-- 01 Segment sizes: customers, share and revenue per RFM segment of the newest succeeded run.
-- Works on PostgreSQL and on the embedded store: bin/segment sql --file sql/recipes/01_segment_sizes.sql
-- Expected on the demo data (bin/segment demo, CSV; RecipesITCase compares these columns on
-- both stores):
-- | rfm_segment,customers,share_pct,revenue,revenue_pct
-- | Champions,2510,10.6,1123232.02,44.9
-- | Potential Loyalist,8289,35.2,951070.11,38.0
-- | About To Sleep,5422,23.0,125353.79,5.0
-- | Loyal Customers,2278,9.7,94907.77,3.8
-- | Lost,3682,15.6,81147.31,3.2
-- | Can't Lose Them,390,1.7,49536.72,2.0
-- | At Risk,234,1.0,25606.57,1.0
-- | Need Attention,494,2.1,21686.18,0.9
-- | Promising,216,0.9,19317.08,0.8
-- | Others,49,0.2,8379.69,0.3
-- | New Customers,6,0.0,78.39,0.0
SELECT rfm_segment,
       COUNT(*)                                                   AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1)         AS share_pct,
       SUM(monetary)                                              AS revenue,
       ROUND(100.0 * SUM(monetary) / SUM(SUM(monetary)) OVER (), 1) AS revenue_pct
FROM latest_rfm
WHERE definition IN ('classic', 'rfm-package')
GROUP BY rfm_segment
ORDER BY revenue DESC;
