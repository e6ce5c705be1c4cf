-- rfm_grid gives all 25 cells of the 5 x 5 grid of classic R score by F score of the latest RFM
-- run: a cell without customers has 0 customers and revenue 0 (before, it had no row), so a
-- heatmap or a pivot of the view reads a whole grid.
DROP VIEW rfm_grid;

CREATE VIEW rfm_grid AS
SELECT l.run_id, r.r_score, f.f_score,
       COALESCE(g.customers, 0) AS customers,
       COALESCE(g.revenue, 0)   AS revenue
FROM (SELECT DISTINCT run_id FROM latest_rfm
      WHERE definition = 'classic' AND r_score IS NOT NULL) l
CROSS JOIN (VALUES (1), (2), (3), (4), (5)) AS r (r_score)
CROSS JOIN (VALUES (1), (2), (3), (4), (5)) AS f (f_score)
LEFT JOIN (SELECT r_score, f_score, COUNT(*) AS customers, SUM(monetary) AS revenue
           FROM latest_rfm
           WHERE definition = 'classic' AND r_score IS NOT NULL
           GROUP BY r_score, f_score) g
       ON g.r_score = r.r_score AND g.f_score = f.f_score;
