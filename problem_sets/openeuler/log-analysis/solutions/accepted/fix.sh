#!/bin/bash
# No pipefail: head closes its pipe early, and sort may die of SIGPIPE (status 141) for it.
set -eu
log=/var/log/shop/access.log
mkdir -p /root/answers
cd /root/answers
awk '{print $1}' "$log" | sort | uniq -c | sort -rn | head -3 | awk '{print $1, $2}' > top-ips.txt
awk '$9 ~ /^5[0-9][0-9]$/' "$log" | wc -l > errors.txt
awk '$9 == 404 {print $7}' "$log" | sort | uniq -c | sort -rn | head -1 | awk '{print $2}' > top-404.txt
awk '$9 == 200 {sum += $10} END {printf "%d\n", sum}' "$log" > bytes.txt
awk -F'[][]' '{split($2, t, ":"); print t[2]}' "$log" | sort | uniq -c | sort -rn | head -1 \
  | awk '{print $2}' > busiest-hour.txt
