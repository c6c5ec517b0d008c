INSERT INTO devices VALUES
    ('sz-core-01', 'SZ-DC1'), ('sz-core-02', 'SZ-DC1'), ('sz-agg-01', 'SZ-POP2'),
    ('gz-acc-07', 'GZ-POP3'), ('bj-core-01', 'BJ-CORE'), ('sh-fw-02', 'SH-DC2');
