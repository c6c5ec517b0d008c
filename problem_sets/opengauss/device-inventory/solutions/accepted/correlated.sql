-- The same answer with a correlated subquery instead of an outer join.
SELECT s.code, d.hostname, m.vendor, m.model,
       (SELECT count(*) FROM interfaces i
         WHERE i.device_id = d.device_id AND i.admin_up = true AND i.oper_up = false)
FROM devices d, sites s, device_models m
WHERE s.site_id = d.site_id AND m.model_id = d.model_id AND s.region = 'South'
ORDER BY 1, 2;
