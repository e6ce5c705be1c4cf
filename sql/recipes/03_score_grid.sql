-- 03 R x F grid: customers and mean spend in each recency/frequency score cell of the newest run
-- (view rfm_grid).
-- Expected on the demo data (bin/segment demo, CSV; RecipesITCase compares these columns on
-- both stores):
-- | r_score,f_score,customers,avg_monetary
-- | 5,5,3158,375.90
-- | 5,4,1228,102.49
-- | 5,3,328,62.63
-- | 4,5,1445,233.38
-- | 4,4,2243,95.93
-- | 4,3,1026,67.64
-- | 3,5,80,314.38
-- | 3,4,676,84.29
-- | 3,3,637,58.31
-- | 3,2,2661,29.39
-- | 3,1,660,30.63
-- | 2,5,24,225.55
-- | 2,4,319,78.59
-- | 2,3,721,39.88
-- | 2,2,42,29.54
-- | 2,1,3608,30.03
-- | 1,5,7,137.13
-- | 1,4,248,73.43
-- | 1,3,2002,32.06
-- | 1,2,2011,30.29
-- | 1,1,446,31.89
SELECT r_score, f_score, customers, ROUND(revenue / customers, 2) AS avg_monetary
FROM rfm_grid
ORDER BY r_score DESC, f_score DESC;
