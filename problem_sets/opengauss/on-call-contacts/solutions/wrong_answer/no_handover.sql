-- A primary without a mobile goes straight to the hotline instead of handing over to the
-- backup's number.
SELECT s.code, coalesce(p.name, '-'), coalesce(b.name, '-'),
       CASE WHEN p.eng_id IS NOT NULL THEN coalesce(p.mobile, '400-820-1234')
            ELSE coalesce(b.mobile, '400-820-1234') END
FROM sites s
LEFT JOIN engineers p ON p.eng_id = s.primary_eng AND p.left_on IS NULL
LEFT JOIN engineers b ON b.eng_id = s.backup_eng AND b.left_on IS NULL
ORDER BY s.code;
