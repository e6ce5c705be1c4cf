-- 09 What the newest publication changed: customers who entered, exited or moved, from which
-- persona to which (table segment_changes; a customer who moved may keep the persona and change
-- RFM segment, lifecycle stage or new/long-standing; an empty from_persona is a new customer, an
-- empty to_persona one the run no longer has). On the demo every customer moved (three months
-- later every lifecycle stage or RFM segment differs), and the persona pairs are those of recipe 08,
-- which joins the two runs' assignments instead.
-- Expected on the demo data after a first run as of 1998-03-31 (run id demo-march; RecipesITCase
-- runs both, then compares these columns on both stores):
-- | reason,from_persona,to_persona,customers
-- | moved,Bargain occasionals,Bargain occasionals,3661
-- | moved,Lost occasional buyers,Lost occasional buyers,3625
-- | moved,Long-standing lapsed customers,Premium occasional buyers,2120
-- | moved,Big-basket shorter-tenure customers,Shorter-tenure big-basket customers,1679
-- | moved,Recent buyers,Recent buyers,1363
-- | moved,Steady regulars,Steady regulars,1310
-- | moved,Bargain occasionals,Shorter-tenure big-basket customers,1302
-- | moved,Long-standing lapsed customers,Lost occasional buyers,1268
-- | moved,Loyal high spenders,Loyal high spenders,1081
-- | moved,Steady regulars,High-spend big-basket customers,561
-- | moved,Big-basket shorter-tenure customers,Premium occasional buyers,481
-- | moved,Big-basket shorter-tenure customers,High-spend big-basket customers,473
-- | moved,Steady regulars,Loyal high spenders,434
-- | moved,Long-standing lapsed customers,Shorter-tenure big-basket customers,419
-- | moved,Recent buyers,Shorter-tenure big-basket customers,403
-- | moved,Recent buyers,Steady regulars,394
-- | moved,Long-standing lapsed customers,Steady regulars,388
-- | moved,Lost occasional buyers,Bargain occasionals,377
-- | moved,Loyal high spenders,High-spend big-basket customers,361
-- | moved,Loyal high spenders,Recent buyers,300
-- | moved,Bargain occasionals,Recent buyers,232
-- | moved,Recent buyers,High-spend big-basket customers,214
-- | moved,Loyal high spenders,Steady regulars,205
-- | moved,Steady regulars,Premium occasional buyers,161
-- | moved,Recent buyers,Bargain occasionals,151
-- | moved,Lost occasional buyers,Steady regulars,145
-- | moved,Recent buyers,Loyal high spenders,137
-- | moved,Big-basket shorter-tenure customers,Recent buyers,103
-- | moved,Bargain occasionals,Lost occasional buyers,48
-- | moved,Lost occasional buyers,Recent buyers,31
-- | moved,Long-standing lapsed customers,Loyal high spenders,30
-- | moved,Big-basket shorter-tenure customers,Loyal high spenders,29
-- | moved,Long-standing lapsed customers,Recent buyers,29
-- | moved,Recent buyers,Lost occasional buyers,16
-- | moved,Long-standing lapsed customers,High-spend big-basket customers,13
-- | moved,Steady regulars,Recent buyers,11
-- | moved,Lost occasional buyers,Loyal high spenders,8
-- | moved,Bargain occasionals,Loyal high spenders,2
-- | moved,Bargain occasionals,High-spend big-basket customers,1
-- | moved,Big-basket shorter-tenure customers,Steady regulars,1
-- | moved,Lost occasional buyers,High-spend big-basket customers,1
-- | moved,Recent buyers,Premium occasional buyers,1
-- | moved,Steady regulars,Shorter-tenure big-basket customers,1
SELECT c.reason, c.from_persona, c.to_persona, COUNT(*) AS customers
FROM segment_changes c
WHERE c.run_id = (SELECT p.run_id FROM segment_publications p
                  ORDER BY p.published_at DESC, p.run_id DESC LIMIT 1)
GROUP BY c.reason, c.from_persona, c.to_persona
ORDER BY customers DESC, c.reason, COALESCE(c.from_persona, ''), COALESCE(c.to_persona, '');
