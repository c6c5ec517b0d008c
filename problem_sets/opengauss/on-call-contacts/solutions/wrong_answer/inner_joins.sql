-- Inner joins drop every site where someone is missing.
SELECT s.code, p.name, b.name, coalesce(p.mobile, b.mobile, '400-820-1234')
FROM sites s
JOIN engineers p ON p.eng_id = s.primary_eng
JOIN engineers b ON b.eng_id = s.backup_eng
WHERE p.left_on IS NULL AND b.left_on IS NULL
ORDER BY s.code;
