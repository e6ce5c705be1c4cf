-- 01 Segment sizes: customers, share and revenue per RFM segment of the newest succeeded run.
-- Works on PostgreSQL and on the embedded store: bin/segment sql "$(cat sql/recipes/01_segment_sizes.sql)"
SELECT rfm_segment,
       COUNT(*)                                                   AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1)         AS share_pct,
       SUM(monetary)                                              AS revenue,
       ROUND(100.0 * SUM(monetary) / SUM(SUM(monetary)) OVER (), 1) AS revenue_pct
FROM latest_rfm
WHERE definition IN ('classic', 'rfm-package')
GROUP BY rfm_segment
ORDER BY revenue DESC;
