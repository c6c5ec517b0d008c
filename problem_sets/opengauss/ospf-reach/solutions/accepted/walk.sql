WITH RECURSIVE edges (src, dst, cost) AS (
    SELECT a_end, b_end, cost FROM links WHERE status = 'up'
    UNION ALL
    SELECT b_end, a_end, cost FROM links WHERE status = 'up'
),
walk (hostname, hops, cost, path) AS (
    SELECT 'bj-core-01'::text, 0, 0, ARRAY['bj-core-01'::text]
    UNION ALL
    SELECT e.dst::text, w.hops + 1, w.cost + e.cost, w.path || e.dst::text
    FROM walk w
    JOIN edges e ON e.src = w.hostname
    WHERE e.dst <> ALL (w.path)
)
SELECT hostname, min(hops) AS hops, min(cost) AS cost
FROM walk
GROUP BY hostname
ORDER BY cost, hostname;
