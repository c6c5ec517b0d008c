-- Follows links only from a_end to b_end: a link stored the other way round is missed.
WITH RECURSIVE walk (hostname, hops, cost, path) AS (
    SELECT 'bj-core-01'::text, 0, 0, ARRAY['bj-core-01'::text]
    UNION ALL
    SELECT l.b_end::text, w.hops + 1, w.cost + l.cost, w.path || l.b_end::text
    FROM walk w JOIN links l ON l.a_end = w.hostname AND l.status = 'up'
    WHERE l.b_end <> ALL (w.path)
)
SELECT hostname, min(hops), min(cost) FROM walk GROUP BY hostname ORDER BY 3, 1;
