-- The same walk with the cycle check on a text path, and the two minima computed separately.
WITH RECURSIVE adjacency AS (
    SELECT a_end AS here, b_end AS there, cost FROM links WHERE status = 'up'
    UNION
    SELECT b_end, a_end, cost FROM links WHERE status = 'up'
),
paths (node, hops, total, trail) AS (
    SELECT hostname::text, 0, 0, '/' || hostname || '/' FROM routers WHERE hostname = 'bj-core-01'
    UNION ALL
    SELECT a.there::text, p.hops + 1, p.total + a.cost, p.trail || a.there || '/'
    FROM paths p JOIN adjacency a ON a.here = p.node
    WHERE position('/' || a.there || '/' IN p.trail) = 0
),
fewest AS (SELECT node, min(hops) AS hops FROM paths GROUP BY node),
cheapest AS (SELECT node, min(total) AS total FROM paths GROUP BY node)
SELECT f.node, f.hops, c.total
FROM fewest f JOIN cheapest c USING (node)
ORDER BY c.total, f.node;
