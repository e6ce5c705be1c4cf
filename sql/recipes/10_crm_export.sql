-- 10 What a CRM pulling the crm_segment_export view receives: customers per persona and lifecycle
-- stage among those who have not withdrawn consent (bin/segment export writes the same rows as
-- files, with the changes since the previous export).
-- Expected on the demo data after a first run as of 1998-03-31 (run id demo-march; RecipesITCase
-- runs both, then compares these columns on both stores):
-- | persona,lifecycle_stage,customers
-- | Lost occasional buyers,lapsed,4914
-- | Bargain occasionals,lapsed,4114
-- | Shorter-tenure big-basket customers,lapsed,3778
-- | Premium occasional buyers,lapsed,2746
-- | Loyal high spenders,active,1432
-- | Steady regulars,lapsed,1240
-- | High-spend big-basket customers,lapsed,948
-- | Steady regulars,at_risk,690
-- | Recent buyers,at_risk,653
-- | Recent buyers,active,536
-- | High-spend big-basket customers,at_risk,461
-- | Recent buyers,lapsed,460
-- | Recent buyers,reactivated,420
-- | Steady regulars,active,260
-- | Steady regulars,reactivated,253
-- | Loyal high spenders,reactivated,175
-- | High-spend big-basket customers,active,140
-- | Loyal high spenders,at_risk,104
-- | High-spend big-basket customers,reactivated,75
-- | Bargain occasionals,at_risk,72
-- | Lost occasional buyers,at_risk,36
-- | Shorter-tenure big-basket customers,at_risk,26
-- | Premium occasional buyers,at_risk,17
-- | Loyal high spenders,lapsed,10
-- | Lost occasional buyers,reactivated,7
-- | Bargain occasionals,reactivated,3
SELECT persona, lifecycle_stage, COUNT(*) AS customers
FROM crm_segment_export
GROUP BY persona, lifecycle_stage
ORDER BY customers DESC, persona, COALESCE(lifecycle_stage, '');
