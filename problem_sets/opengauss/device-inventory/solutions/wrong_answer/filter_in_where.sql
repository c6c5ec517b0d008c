-- The interface condition in WHERE turns the outer join into an inner one: devices without a
-- faulty port disappear instead of showing 0.
SELECT s.code, d.hostname, m.vendor, m.model, count(i.if_name)
FROM devices d
JOIN sites s ON s.site_id = d.site_id
JOIN device_models m ON m.model_id = d.model_id
LEFT JOIN interfaces i ON i.device_id = d.device_id
WHERE s.region = 'South' AND i.admin_up AND NOT i.oper_up
GROUP BY s.code, d.hostname, m.vendor, m.model
ORDER BY s.code, d.hostname;
