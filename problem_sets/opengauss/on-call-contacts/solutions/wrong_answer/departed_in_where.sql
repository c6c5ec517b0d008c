-- The "still with the company" test in WHERE removes the sites of departed engineers instead of
-- treating those engineers as missing, and "IS NULL" is tested only on the first join.
SELECT s.code, coalesce(p.name, '-'), coalesce(b.name, '-'),
       coalesce(p.mobile, b.mobile, '400-820-1234')
FROM sites s
LEFT JOIN engineers p ON p.eng_id = s.primary_eng
LEFT JOIN engineers b ON b.eng_id = s.backup_eng
WHERE p.left_on IS NULL
ORDER BY s.code;
