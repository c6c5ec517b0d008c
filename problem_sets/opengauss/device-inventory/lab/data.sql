-- Deterministic seed data: 8 sites, 8 models, 64 devices, about 1 000 interfaces.
INSERT INTO sites VALUES
    (1, 'SZ-DC1',   'Shenzhen',  'South'),
    (2, 'SZ-POP2',  'Shenzhen',  'South'),
    (3, 'GZ-POP3',  'Guangzhou', 'South'),
    (4, 'FS-EDGE1', 'Foshan',    'South'),
    (5, 'BJ-CORE',  'Beijing',   'North'),
    (6, 'TJ-POP1',  'Tianjin',   'North'),
    (7, 'SH-DC2',   'Shanghai',  'East'),
    (8, 'HZ-POP4',  'Hangzhou',  'East');

INSERT INTO device_models VALUES
    (1, 'Huawei', 'NE40E-X8A',     'core'),
    (2, 'Huawei', 'CE12804',       'core'),
    (3, 'Huawei', 'S6730-H48X6C',  'aggregation'),
    (4, 'Huawei', 'S5735-L48T4S',  'access'),
    (5, 'Huawei', 'USG6555F',      'firewall'),
    (6, 'H3C',    'S6850-56HF',    'aggregation'),
    (7, 'ZTE',    'ZXR10 5960',    'access'),
    (8, 'Huawei', 'AR6140',        'router');

-- Every eleventh device is a spare without a site.
INSERT INTO devices
SELECT g,
       CASE WHEN g % 11 = 0 THEN 'spare-' || lpad(g::text, 2, '0')
            ELSE lower(s.code) || '-' || left(m.role, 3) || '-' || lpad(g::text, 2, '0') END,
       m.model_id,
       CASE WHEN g % 11 = 0 THEN NULL ELSE s.site_id END,
       CASE WHEN g % 11 = 0 THEN NULL ELSE ('10.' || s.site_id || '.0.' || g)::inet END,
       date '2019-01-07' + g * 37
FROM generate_series(1, 64) g
JOIN device_models m ON m.model_id = 1 + (g * g + g / 2) % 8
JOIN sites s ON s.site_id = 1 + (g * 3) % 8;

-- Devices whose id ends in 7 have no interfaces recorded yet.
INSERT INTO interfaces
SELECT d.device_id,
       CASE WHEN p <= 2 THEN 'XGE0/0/' || p ELSE 'GE0/0/' || p END,
       CASE WHEN p <= 2 THEN 10000 ELSE 1000 END,
       (p * d.device_id) % 9 <> 0,
       (p * d.device_id) % 9 <> 0 AND (p + d.device_id * 3) % 7 <> 0
FROM devices d
CROSS JOIN LATERAL generate_series(1, 8 + (d.device_id * 7) % 17) p
WHERE d.device_id % 10 <> 7;
