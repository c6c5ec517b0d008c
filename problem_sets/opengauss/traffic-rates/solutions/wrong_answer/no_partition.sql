-- LAG without PARTITION BY compares each interface's first sample with the last sample of the
-- interface before it.
WITH rates AS (
    SELECT device, if_name, sampled_at,
           row_number() OVER (PARTITION BY device, if_name ORDER BY sampled_at) AS n,
           CASE WHEN in_octets >= lag(in_octets) OVER w
                THEN (in_octets - lag(in_octets) OVER w) * 8
                     / extract(epoch FROM sampled_at - lag(sampled_at) OVER w) / 1e6
           END AS rate
    FROM traffic_samples
    WINDOW w AS (ORDER BY device, if_name, sampled_at)
)
SELECT device, if_name, sampled_at, round(rate, 2),
       round(avg(rate) OVER (ORDER BY device, if_name, sampled_at ROWS 2 PRECEDING), 2)
FROM rates
WHERE n > 1
ORDER BY device, if_name, sampled_at;
