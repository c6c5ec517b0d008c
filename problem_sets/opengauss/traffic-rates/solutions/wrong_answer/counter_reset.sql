-- Ignores the counter reset after a reboot (a huge negative rate) and assumes every poll is
-- exactly 300 s apart (the missing poll doubles one rate).
WITH rates AS (
    SELECT device, if_name, sampled_at,
           row_number() OVER w AS n,
           (in_octets - lag(in_octets) OVER w) * 8 / 300.0 / 1e6 AS rate
    FROM traffic_samples
    WINDOW w AS (PARTITION BY device, if_name ORDER BY sampled_at)
)
SELECT device, if_name, sampled_at, round(rate, 2),
       round(avg(rate) OVER (PARTITION BY device, if_name ORDER BY sampled_at
                             ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), 2)
FROM rates
WHERE n > 1
ORDER BY device, if_name, sampled_at;
