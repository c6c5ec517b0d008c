-- Aggregate first, then rank the aggregate in the same SELECT (window functions run after
-- GROUP BY); the first day of the peak comes from a correlated subquery.
SELECT site, place, name, week_peak, first_day
FROM (
    SELECT l.site, l.name, max(p.peak_pct) AS week_peak,
           (SELECT min(q.day) FROM daily_peaks q
             WHERE q.link_id = l.link_id AND q.peak_pct = max(p.peak_pct)) AS first_day,
           rank() OVER (PARTITION BY l.site ORDER BY max(p.peak_pct) DESC) AS place
    FROM links l
    JOIN daily_peaks p ON p.link_id = l.link_id
    GROUP BY l.link_id, l.site, l.name
) t
WHERE place <= 3
ORDER BY site, place, name;
