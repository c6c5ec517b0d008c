INSERT INTO warehouses VALUES
    ('SZ-DC1', 'Shenzhen'), ('GZ-POP3', 'Guangzhou'), ('BJ-CORE', 'Beijing'), ('WH-EDGE', 'Dongguan');

INSERT INTO parts VALUES
    ('SFP-10G-LR',      '10GBASE-LR SFP+ optical module, 1310 nm, 10 km'),
    ('QSFP28-100G-SR4', '100GBASE-SR4 QSFP28 optical module, 850 nm, 100 m'),
    ('SFP-1G-T',        '1000BASE-T SFP copper module'),
    ('PSU-600W-AC',     '600 W AC power supply'),
    ('FAN-CE12800',     'Fan tray for CE12800 series');

INSERT INTO stock VALUES
    ('SZ-DC1',  'SFP-10G-LR', 40), ('SZ-DC1',  'QSFP28-100G-SR4', 16), ('SZ-DC1',  'SFP-1G-T', 120),
    ('SZ-DC1',  'FAN-CE12800', 4),
    ('GZ-POP3', 'SFP-10G-LR',  2), ('GZ-POP3', 'QSFP28-100G-SR4', 25), ('GZ-POP3', 'SFP-1G-T',  60),
    ('GZ-POP3', 'PSU-600W-AC', 3),
    ('BJ-CORE', 'SFP-10G-LR', 18), ('BJ-CORE', 'QSFP28-100G-SR4',  8), ('BJ-CORE', 'PSU-600W-AC', 5),
    ('BJ-CORE', 'FAN-CE12800', 2),
    ('WH-EDGE', 'SFP-10G-LR',  0), ('WH-EDGE', 'SFP-1G-T',   300), ('WH-EDGE', 'PSU-600W-AC', 10);

INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty, moved_at) VALUES
    ('TO-2404-07', 'SFP-1G-T',        'WH-EDGE', 'GZ-POP3', 40, '2024-04-08 10:12'),
    ('TO-2404-11', 'QSFP28-100G-SR4', 'SZ-DC1',  'GZ-POP3', 12, '2024-04-15 16:40'),
    ('TO-2404-12', 'PSU-600W-AC',     'WH-EDGE', 'BJ-CORE',  2, '2024-04-16 09:05');
