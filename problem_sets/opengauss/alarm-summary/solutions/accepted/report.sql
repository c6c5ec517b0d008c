-- Active alarms count through SUM(CASE …), the mean time to clear in minutes skips the NULLs of
-- active alarms by itself (avg ignores NULL).
WITH may AS (
    SELECT d.site_code, a.severity, a.raised_at, a.cleared_at
    FROM alarms a JOIN devices d USING (device_id)
    WHERE a.raised_at >= '2024-05-01' AND a.raised_at < '2024-06-01'
)
SELECT site_code, severity, count(*),
       sum(CASE WHEN cleared_at IS NULL THEN 1 ELSE 0 END),
       round(avg(extract(epoch FROM cleared_at - raised_at))::numeric / 60, 1)
FROM may
GROUP BY site_code, severity
HAVING count(*) >= 3
ORDER BY site_code, array_position(ARRAY['critical', 'major', 'minor', 'warning']::varchar[], severity);
