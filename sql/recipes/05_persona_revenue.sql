-- 05 Personas of the newest clustering run: size, share, revenue, revenue per customer and share
-- of revenue (views segment_sizes and segment_revenue).
-- Expected on the demo data (bin/segment demo, CSV; RecipesITCase compares these columns on
-- both stores):
-- | persona,customers,share_pct,revenue,revenue_per_customer,revenue_pct
-- | Loyal high spenders,1721,7.3,884028.84,513.67,35.4
-- | High-spend big-basket customers,1624,6.9,544425.00,335.24,21.8
-- | Steady regulars,2443,10.4,264424.79,108.24,10.6
-- | Recent buyers,2069,8.8,224753.40,108.63,9.0
-- | Premium occasional buyers,2763,11.7,208821.89,75.58,8.4
-- | Shorter-tenure big-basket customers,3804,16.1,201245.96,52.90,8.0
-- | Lost occasional buyers,4957,21.0,100212.04,20.22,4.0
-- | Bargain occasionals,4189,17.8,72403.71,17.28,2.9
SELECT z.persona, z.customers, z.share_pct, v.revenue, v.revenue_per_customer, v.revenue_pct
FROM segment_sizes z
JOIN segment_revenue v ON v.run_id = z.run_id AND v.cluster_id = z.cluster_id
ORDER BY v.revenue DESC;
