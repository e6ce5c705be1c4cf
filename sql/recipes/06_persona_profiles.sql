-- 06 What each persona of the newest clustering run looks like: its members' mean recency,
-- frequency, spend, order value and tenure, and how many are new customers (view
-- persona_profiles).
-- Expected on the demo data (bin/segment demo, CSV; RecipesITCase compares these columns on
-- both stores):
-- | persona,customers,avg_recency_days,avg_frequency,avg_monetary,avg_order_value,avg_tenure_days,new_customers_pct
-- | Loyal high spenders,1721,33.1,12.86,513.67,40.05,507.7,0.0
-- | High-spend big-basket customers,1624,232.5,4.81,335.24,78.77,497.3,2.5
-- | Recent buyers,2069,118.1,4.47,108.63,24.71,482.1,0.0
-- | Steady regulars,2443,205.5,4.22,108.24,26.00,523.7,0.0
-- | Premium occasional buyers,2763,492.8,1.34,75.58,58.64,522.9,69.4
-- | Shorter-tenure big-basket customers,3804,450.7,1.40,52.90,39.92,483.0,66.7
-- | Lost occasional buyers,4957,504.2,1.20,20.22,17.11,523.3,82.0
-- | Bargain occasionals,4189,459.0,1.24,17.28,13.99,483.1,79.9
SELECT persona, customers, avg_recency_days, avg_frequency, avg_monetary, avg_order_value,
       avg_tenure_days, new_customers_pct
FROM persona_profiles
ORDER BY avg_monetary DESC;
