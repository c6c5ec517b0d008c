SELECT s.code,
       coalesce(p.name, '-')                           AS primary_name,
       coalesce(b.name, '-')                           AS backup_name,
       coalesce(p.mobile, b.mobile, '400-820-1234')    AS call
FROM sites s
LEFT JOIN engineers p ON p.eng_id = s.primary_eng AND p.left_on IS NULL
LEFT JOIN engineers b ON b.eng_id = s.backup_eng  AND b.left_on IS NULL
ORDER BY s.code;
