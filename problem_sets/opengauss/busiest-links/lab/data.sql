-- Deterministic seed data: 6 sites, 33 links, one week of daily peaks (June 3-9, 2024).
INSERT INTO links
SELECT row_number() OVER (ORDER BY s.n, p),
       s.code,
       s.code || ':XGE0/0/' || p || ' -> ' || s.peers[1 + (p - 1) % array_length(s.peers, 1)],
       CASE WHEN p <= 2 THEN 100 ELSE 10 END
FROM (VALUES (1, 'BJ-CORE', 7, ARRAY['TJ-POP1', 'SH-DC2', 'SZ-DC1', 'XA-POP1']),
             (2, 'GZ-POP3', 5, ARRAY['SZ-DC1', 'FS-EDGE1', 'SZ-POP2']),
             (3, 'SH-DC2',  6, ARRAY['BJ-CORE', 'HZ-POP4', 'NJ-POP1']),
             (4, 'SZ-DC1',  6, ARRAY['GZ-POP3', 'BJ-CORE', 'SZ-POP2']),
             (5, 'TJ-POP1', 4, ARRAY['BJ-CORE', 'SH-DC2']),
             (6, 'XA-POP1', 5, ARRAY['BJ-CORE', 'CD-POP1', 'WH-POP1'])) AS s (n, code, count, peers)
CROSS JOIN LATERAL generate_series(1, s.count) p;

-- Peaks in whole percents, so that links of a site can tie.
INSERT INTO daily_peaks
SELECT l.link_id, date '2024-06-03' + d,
       (20 + (l.link_id * 37 + d * 11 + (l.link_id * d) % 7) % 71)::numeric(4, 1)
FROM links l
CROSS JOIN generate_series(0, 6) d;
