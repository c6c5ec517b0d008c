-- Without a cycle check the walk goes round the rings for ever: the statement is cancelled
-- (statement timeout) or runs out of work space.
WITH RECURSIVE edges (src, dst, cost) AS (
    SELECT a_end, b_end, cost FROM links WHERE status = 'up'
    UNION ALL
    SELECT b_end, a_end, cost FROM links WHERE status = 'up'
),
walk (hostname, hops, cost) AS (
    SELECT 'bj-core-01'::text, 0, 0
    UNION ALL
    SELECT e.dst::text, w.hops + 1, w.cost + e.cost
    FROM walk w JOIN edges e ON e.src = w.hostname
)
SELECT hostname, min(hops), min(cost) FROM walk GROUP BY hostname ORDER BY 3, 1;
