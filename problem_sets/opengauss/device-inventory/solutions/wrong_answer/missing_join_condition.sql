-- The join between devices and sites is missing: every device is paired with every southern
-- site.
SELECT s.code, d.hostname, m.vendor, m.model,
       (SELECT count(*) FROM interfaces i
         WHERE i.device_id = d.device_id AND i.admin_up AND NOT i.oper_up)
FROM devices d, sites s, device_models m
WHERE m.model_id = d.model_id AND s.region = 'South'
ORDER BY 1, 2;
