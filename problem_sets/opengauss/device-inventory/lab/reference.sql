SELECT s.code AS site_code, d.hostname, m.vendor, m.model,
       count(i.if_name) AS down_ports
FROM devices d
JOIN sites s ON s.site_id = d.site_id
JOIN device_models m ON m.model_id = d.model_id
LEFT JOIN interfaces i
       ON i.device_id = d.device_id AND i.admin_up AND NOT i.oper_up
WHERE s.region = 'South'
GROUP BY s.code, d.hostname, m.vendor, m.model
ORDER BY s.code, d.hostname;
