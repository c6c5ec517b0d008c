-- Reports the cost of the path with the fewest hops, not the cheapest path: gz-core-01 is one
-- hop away over a 10G link (cost 10) but two hops over 100G (cost 2).
WITH RECURSIVE edges (src, dst, cost) AS (
    SELECT a_end, b_end, cost FROM links WHERE status = 'up'
    UNION ALL
    SELECT b_end, a_end, cost FROM links WHERE status = 'up'
),
walk (hostname, hops, cost, path) AS (
    SELECT 'bj-core-01'::text, 0, 0, ARRAY['bj-core-01'::text]
    UNION ALL
    SELECT e.dst::text, w.hops + 1, w.cost + e.cost, w.path || e.dst::text
    FROM walk w JOIN edges e ON e.src = w.hostname
    WHERE e.dst <> ALL (w.path)
)
SELECT hostname, hops, cost FROM (
    SELECT DISTINCT ON (hostname) hostname, hops, cost FROM walk ORDER BY hostname, hops, cost
) best
ORDER BY cost, hostname;
