-- 02 Run history: what ran, on what, how it ended, with the rejected share.
-- Expected on the demo data after a first run as of 1998-03-31 (run id demo-march; RecipesITCase
-- runs both, then compares these columns on both stores):
-- | run_id,command,status,rows_read,rows_rejected,rejected_pct,customers
-- | demo,run,succeeded,69659,0,0.00,23570
-- | demo-march,run,succeeded,69659,0,0.00,23570
SELECT run_id, command, status, rows_read, rows_rejected,
       CASE WHEN rows_read > 0 THEN ROUND(100.0 * rows_rejected / rows_read, 2) END AS rejected_pct,
       customers, started_at, finished_at
FROM runs
ORDER BY started_at DESC;
