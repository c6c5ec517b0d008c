-- Treats an active alarm as cleared the moment it was raised: the mean time to clear drops, and
-- a group whose alarms are all active shows 0 instead of NULL.
SELECT d.site_code, a.severity, count(*),
       count(*) FILTER (WHERE a.cleared_at IS NULL),
       round(avg(extract(epoch FROM coalesce(a.cleared_at, a.raised_at) - a.raised_at) / 60), 1)
FROM alarms a JOIN devices d ON d.device_id = a.device_id
WHERE a.raised_at >= '2024-05-01' AND a.raised_at < '2024-06-01'
GROUP BY d.site_code, a.severity
HAVING count(*) >= 3
ORDER BY d.site_code,
         CASE a.severity WHEN 'critical' THEN 1 WHEN 'major' THEN 2 WHEN 'minor' THEN 3 ELSE 4 END;
