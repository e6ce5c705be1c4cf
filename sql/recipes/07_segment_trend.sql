-- 07 Persona sizes run after run (view segment_trend): is a segment growing or shrinking?
-- Expected on the demo data after a first run as of 1998-03-31 (run id demo-march; RecipesITCase
-- runs both, then compares these columns on both stores):
-- | run_id,persona,customers,share_pct
-- | demo-march,Bargain occasionals,5246,22.3
-- | demo-march,Long-standing lapsed customers,4267,18.1
-- | demo-march,Lost occasional buyers,4187,17.8
-- | demo-march,Big-basket shorter-tenure customers,2766,11.7
-- | demo-march,Recent buyers,2679,11.4
-- | demo-march,Steady regulars,2478,10.5
-- | demo-march,Loyal high spenders,1947,8.3
-- | demo,Lost occasional buyers,4957,21.0
-- | demo,Bargain occasionals,4189,17.8
-- | demo,Shorter-tenure big-basket customers,3804,16.1
-- | demo,Premium occasional buyers,2763,11.7
-- | demo,Steady regulars,2443,10.4
-- | demo,Recent buyers,2069,8.8
-- | demo,Loyal high spenders,1721,7.3
-- | demo,High-spend big-basket customers,1624,6.9
SELECT run_id, persona, customers, share_pct
FROM segment_trend
ORDER BY finished_at, customers DESC, persona;
