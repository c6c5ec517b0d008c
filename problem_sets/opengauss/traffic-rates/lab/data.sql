-- Deterministic seed data: 6 interfaces of 3 devices, 36 polls each (08:00 to 10:55 on
-- 20 May 2024). One poll of sz-agg-01 XGE0/0/2 is missing (10 minutes between two samples),
-- and gz-acc-07 rebooted after its 20th poll, so its counters restart from a small value.
WITH interfaces (dev, ifn, base, idx) AS (
    VALUES ('sz-core-01', 'XGE0/0/1', 4200, 1), ('sz-core-01', 'XGE0/0/2', 2600, 2),
           ('sz-agg-01',  'XGE0/0/1', 1800, 3), ('sz-agg-01',  'XGE0/0/2',  950, 4),
           ('gz-acc-07',  'GE0/0/1',   310, 5), ('gz-acc-07',  'GE0/0/24',  120, 6)
),
polls AS (
    SELECT i.dev, i.ifn, k,
           timestamp '2024-05-20 08:00' + k * interval '5 minutes' + (k % 3) * interval '2 seconds' AS ts,
           -- octets in one five-minute interval at about base Mbit/s (37.5e6 octets per Mbit/s)
           ((i.base + (k * k * 37 + i.idx * 11) % (i.base / 2 + 1))::bigint * 37500000) AS d_in,
           ((i.base / 2 + (k * 53 + i.idx * 7) % (i.base / 3 + 1))::bigint * 37500000) AS d_out,
           CASE WHEN i.dev = 'gz-acc-07' AND k >= 20 THEN 1 ELSE 0 END AS epoch
    FROM interfaces i CROSS JOIN generate_series(0, 35) k
)
INSERT INTO traffic_samples
SELECT dev, ifn, ts, in_total, out_total
FROM (
    SELECT dev, ifn, k, ts,
           CASE WHEN epoch = 0 THEN 987654321000 + offset_octets ELSE 0 END
               + sum(d_in) OVER (PARTITION BY dev, ifn, epoch ORDER BY k) AS in_total,
           CASE WHEN epoch = 0 THEN 123456789000 + offset_octets ELSE 0 END
               + sum(d_out) OVER (PARTITION BY dev, ifn, epoch ORDER BY k) AS out_total
    FROM (SELECT p.*, length(p.dev || p.ifn) * 1000003 AS offset_octets FROM polls p) x
) counters
WHERE NOT (dev = 'sz-agg-01' AND ifn = 'XGE0/0/2' AND k = 13);
