-- row_number() cuts ties: a link as busy as the third one is left out, or numbered 4.
WITH week AS (
    SELECT l.link_id, l.site, l.name, p.day, p.peak_pct,
           max(p.peak_pct) OVER (PARTITION BY l.link_id) AS week_peak
    FROM links l
    JOIN daily_peaks p ON p.link_id = l.link_id
),
peaks AS (
    SELECT site, name, week_peak, min(day) AS first_day
    FROM week
    WHERE peak_pct = week_peak
    GROUP BY link_id, site, name, week_peak
),
ranked AS (
    SELECT site, name, week_peak, first_day,
           row_number() OVER (PARTITION BY site ORDER BY week_peak DESC, name) AS place
    FROM peaks
)
SELECT site, place, name, week_peak, first_day
FROM ranked
WHERE place <= 3
ORDER BY site, place, name;
