-- The right rows in the wrong order: sorted by severity first, then by site.
SELECT d.site_code, a.severity, count(*),
       count(*) FILTER (WHERE a.cleared_at IS NULL),
       round(avg(extract(epoch FROM a.cleared_at - a.raised_at) / 60), 1)
FROM alarms a JOIN devices d ON d.device_id = a.device_id
WHERE a.raised_at >= '2024-05-01' AND a.raised_at < '2024-06-01'
GROUP BY d.site_code, a.severity
HAVING count(*) >= 3
ORDER BY a.severity, d.site_code;
