SELECT d.site_code,
       a.severity,
       count(*)                                        AS raised,
       count(*) FILTER (WHERE a.cleared_at IS NULL)    AS active,
       round(avg(extract(epoch FROM a.cleared_at - a.raised_at) / 60), 1) AS mttr_min
FROM alarms a
JOIN devices d ON d.device_id = a.device_id
WHERE a.raised_at >= timestamp '2024-05-01' AND a.raised_at < timestamp '2024-06-01'
GROUP BY d.site_code, a.severity
HAVING count(*) >= 3
ORDER BY d.site_code,
         CASE a.severity WHEN 'critical' THEN 1 WHEN 'major' THEN 2
                         WHEN 'minor' THEN 3 ELSE 4 END;
