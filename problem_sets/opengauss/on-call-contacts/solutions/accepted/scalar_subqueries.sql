-- One scalar subquery per value: a missing or departed engineer yields NULL.
SELECT code,
       coalesce((SELECT name FROM engineers WHERE eng_id = primary_eng AND left_on IS NULL), '-'),
       coalesce((SELECT name FROM engineers WHERE eng_id = backup_eng AND left_on IS NULL), '-'),
       coalesce((SELECT mobile FROM engineers WHERE eng_id = primary_eng AND left_on IS NULL),
                (SELECT mobile FROM engineers WHERE eng_id = backup_eng AND left_on IS NULL),
                '400-820-1234')
FROM sites
ORDER BY code;
