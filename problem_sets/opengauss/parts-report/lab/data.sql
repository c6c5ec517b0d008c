-- Deterministic seed data: 5 depots, 21 items in 6 categories, about 80 stock rows.
INSERT INTO depots VALUES
    (1, 'SZ-DEP1', 'Shenzhen'),
    (2, 'GZ-DEP2', 'Guangzhou'),
    (3, 'BJ-DEP1', 'Beijing'),
    (4, 'SH-DEP3', 'Shanghai'),
    (5, 'CD-DEP1', 'Chengdu');

INSERT INTO items VALUES
    ( 1, 'SFP-1G-LX',        'optics',   180.00),
    ( 2, 'SFP-10G-SR',       'optics',   420.00),
    ( 3, 'SFP-10G-LR',       'optics',   960.00),
    ( 4, 'QSFP28-100G-SR4',  'optics',  3200.00),
    ( 5, 'QSFP28-100G-LR4',  'optics',  7800.00),
    ( 6, 'CAT6-3M',          'cable',     12.50),
    ( 7, 'LC-LC-SM-5M',      'cable',     35.00),
    ( 8, 'MPO-12-OM4-10M',   'cable',    260.00),
    ( 9, 'DAC-10G-3M',       'cable',    150.00),
    (10, 'PSU-600W-AC',      'power',   2100.00),
    (11, 'PSU-1200W-DC',     'power',   3900.00),
    (12, 'PDU-16A-8P',       'power',    880.00),
    (13, 'FAN-CE6800',       'fan',      650.00),
    (14, 'FAN-CE12800',      'fan',     2400.00),
    (15, 'FAN-S5735',        'fan',      210.00),
    (16, 'LPU-NE40E-48GE',   'board',  36000.00),
    (17, 'MPU-NE40E-X8A',    'board',  52000.00),
    (18, 'CE-L48XS-FD',      'board',  41000.00),
    (19, 'SRU-NE40E-X3',     'board',  28000.00),   -- on order: not stocked anywhere yet
    (20, 'LC-SC-MM-3M',      'cable',     28.00),   -- on order: not stocked anywhere yet
    (21, 'OTDR-MINI',        'tool',   18500.00);   -- on order: not stocked anywhere yet

-- Not every depot keeps every item; quantities and minimums follow from the ids.
INSERT INTO stock_levels
SELECT d.depot_id, i.item_id,
       CASE i.category WHEN 'board' THEN (d.depot_id * 7 + i.item_id * 13) % 4
                       WHEN 'power' THEN (d.depot_id * 7 + i.item_id * 13) % 11
                       WHEN 'fan'   THEN (d.depot_id * 7 + i.item_id * 13) % 11
                       ELSE (d.depot_id * 7 + i.item_id * 13) % 23 * 4 END,
       CASE WHEN i.category = 'board' THEN 1 ELSE 2 + (i.item_id + d.depot_id) % 5 END
FROM depots d
CROSS JOIN items i
WHERE i.item_id NOT IN (19, 20, 21)
  AND (d.depot_id + i.item_id) % 6 <> 0
  AND NOT (i.category = 'board' AND d.depot_id > 3);
