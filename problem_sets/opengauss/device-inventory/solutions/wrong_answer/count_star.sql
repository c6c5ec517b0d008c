-- count(*) counts the NULL-extended row of a device without faulty ports as 1.
SELECT s.code, d.hostname, m.vendor, m.model, count(*)
FROM devices d
JOIN sites s ON s.site_id = d.site_id
JOIN device_models m ON m.model_id = d.model_id
LEFT JOIN interfaces i
       ON i.device_id = d.device_id AND i.admin_up AND NOT i.oper_up
WHERE s.region = 'South'
GROUP BY s.code, d.hostname, m.vendor, m.model
ORDER BY s.code, d.hostname;
