-- Deterministic seed data: 41 devices on 7 sites, about 1 500 alarms from 20 April to
-- 22 June 2024, a few of them exactly on the month boundaries.
INSERT INTO devices
SELECT g,
       lower(s) || '-' || (ARRAY['cor', 'agg', 'acc', 'acc', 'fw'])[1 + g % 5] || '-' || lpad(g::text, 2, '0'),
       s
FROM generate_series(1, 40) g,
     LATERAL (SELECT (ARRAY['SZ-DC1', 'SZ-POP2', 'GZ-POP3', 'BJ-CORE', 'TJ-POP1', 'SH-DC2'])[1 + (g * 7) % 6] AS s) site;

INSERT INTO alarms
SELECT g,
       1 + (g * 13 + g / 7) % 40,
       CASE WHEN g % 17 = 0 THEN 'critical'
            WHEN g % 5 = 0 THEN 'major'
            WHEN g % 3 = 0 THEN 'warning'
            ELSE 'minor' END,
       (ARRAY['LINK_DOWN', 'BGP_PEER_DOWN', 'OSPF_NBR_DOWN', 'CPU_HIGH', 'FAN_FAIL',
              'OPTICAL_RX_LOW', 'PSU_FAIL'])[1 + (g * 11) % 7],
       timestamp '2024-04-20 00:00' + g * interval '61 minutes' + (g % 7) * interval '53 seconds',
       CASE WHEN g % 12 = 5 THEN NULL
            ELSE timestamp '2024-04-20 00:00' + g * interval '61 minutes'
                 + (g % 7) * interval '53 seconds' + ((g * 37) % 240 + 3) * interval '1 minute'
       END
FROM generate_series(1, 1500) g;

-- On the boundaries of May, and a critical alarm storm at FS-EDGE1 that is still active.
INSERT INTO devices VALUES (41, 'fs-edge1-acc-41', 'FS-EDGE1');
INSERT INTO alarms VALUES
    (2001, 5,  'major',    'LINK_DOWN',      '2024-05-01 00:00:00', '2024-05-01 00:42:00'),
    (2002, 5,  'major',    'LINK_DOWN',      '2024-04-30 23:59:59', '2024-05-01 00:10:00'),
    (2003, 17, 'minor',    'CPU_HIGH',       '2024-05-31 23:58:00', NULL),
    (2004, 17, 'minor',    'CPU_HIGH',       '2024-06-01 00:00:00', '2024-06-01 00:20:00'),
    (2005, 41, 'critical', 'BGP_PEER_DOWN',  '2024-05-31 12:30:00', NULL),
    (2006, 41, 'critical', 'BGP_PEER_DOWN',  '2024-05-31 12:30:07', NULL),
    (2007, 41, 'critical', 'OSPF_NBR_DOWN',  '2024-05-31 12:31:15', NULL),
    (2008, 41, 'major',    'LINK_DOWN',      '2024-05-31 12:29:58', '2024-05-31 13:02:00'),
    (2009, 41, 'critical', 'PSU_FAIL',       '2024-06-01 00:00:00', '2024-06-01 01:00:00');
