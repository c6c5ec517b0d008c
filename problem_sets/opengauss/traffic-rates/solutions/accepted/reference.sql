WITH rates AS (
    SELECT device, if_name, sampled_at,
           row_number() OVER w AS n,
           CASE WHEN in_octets >= lag(in_octets) OVER w
                THEN (in_octets - lag(in_octets) OVER w) * 8
                     / extract(epoch FROM sampled_at - lag(sampled_at) OVER w) / 1e6
           END AS rate
    FROM traffic_samples
    WINDOW w AS (PARTITION BY device, if_name ORDER BY sampled_at)
),
smoothed AS (
    SELECT device, if_name, sampled_at, n, rate,
           avg(rate) OVER (PARTITION BY device, if_name ORDER BY sampled_at
                           ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS avg3
    FROM rates
)
SELECT device, if_name, sampled_at, round(rate, 2) AS in_mbps, round(avg3, 2) AS in_mbps_avg3
FROM smoothed
WHERE n > 1
ORDER BY device, if_name, sampled_at;
