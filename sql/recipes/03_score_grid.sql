-- 03 R x F grid: customers and mean spend in each recency/frequency score cell of the newest run.
SELECT r_score, f_score, COUNT(*) AS customers, ROUND(AVG(monetary), 2) AS avg_monetary
FROM latest_rfm
WHERE r_score IS NOT NULL
GROUP BY r_score, f_score
ORDER BY r_score DESC, f_score DESC;
