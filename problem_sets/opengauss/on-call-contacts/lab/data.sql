INSERT INTO engineers VALUES
    ( 1, 'Chen Jie',     'core',       '138-0000-1101', NULL),
    ( 2, 'Li Na',        'core',       '138-0000-1102', NULL),
    ( 3, 'Wang Fang',    'access',     NULL,            NULL),
    ( 4, 'Zhao Lei',     'access',     '139-0000-2201', NULL),
    ( 5, 'Liu Yang',     'datacenter', '139-0000-2202', '2024-03-31'),
    ( 6, 'Sun Hao',      'datacenter', NULL,            NULL),
    ( 7, 'Zhou Min',     'access',     '137-0000-3301', NULL),
    ( 8, 'Wu Tao',       'core',       '137-0000-3302', '2023-12-15'),
    ( 9, 'Xu Jing',      'datacenter', '136-0000-4401', NULL),
    (10, 'Ma Lin',       'access',     NULL,            '2024-05-20');

INSERT INTO sites VALUES
    ( 1, 'BJ-CORE',  'Beijing',   1,    2),
    ( 2, 'CD-POP1',  'Chengdu',   3,    4),
    ( 3, 'CQ-POP2',  'Chongqing', NULL, 7),
    ( 4, 'FS-EDGE1', 'Foshan',    3,    NULL),
    ( 5, 'GZ-POP3',  'Guangzhou', 5,    9),
    ( 6, 'HZ-POP4',  'Hangzhou',  7,    3),
    ( 7, 'NJ-POP1',  'Nanjing',   NULL, NULL),
    ( 8, 'SH-DC2',   'Shanghai',  9,    6),
    ( 9, 'SZ-DC1',   'Shenzhen',  6,    3),
    (10, 'SZ-POP2',  'Shenzhen',  8,    5),
    (11, 'TJ-POP1',  'Tianjin',   2,    8),
    (12, 'WH-POP1',  'Wuhan',     10,   4),
    (13, 'XA-POP1',  'Xi''an',    4,    NULL),
    (14, 'ZZ-POP1',  'Zhengzhou', 6,    10);
