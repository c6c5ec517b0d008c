-- The rate in double precision from LAG in a subquery; the first sample of each interface (no
-- previous one) is dropped only after the moving average, whose frame skips its NULL anyway.
SELECT device, if_name, sampled_at, round(rate::numeric, 2), round(avg3::numeric, 2)
FROM (
    SELECT device, if_name, sampled_at, prev_at, rate,
           avg(rate) OVER (PARTITION BY device, if_name ORDER BY sampled_at
                           ROWS 2 PRECEDING) AS avg3
    FROM (
        SELECT device, if_name, sampled_at, prev_at,
               CASE WHEN in_octets < prev_in THEN NULL
                    ELSE (in_octets - prev_in) * 8.0
                         / extract(epoch FROM sampled_at - prev_at)::float8 / 1000000 END AS rate
        FROM (
            SELECT t.*,
                   lag(in_octets) OVER (PARTITION BY device, if_name ORDER BY sampled_at) AS prev_in,
                   lag(sampled_at) OVER (PARTITION BY device, if_name ORDER BY sampled_at) AS prev_at
            FROM traffic_samples t
        ) p
    ) r
) s
WHERE prev_at IS NOT NULL
ORDER BY device, if_name, sampled_at;
