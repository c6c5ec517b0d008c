#!/bin/bash
# Classic slips: uniq without sort (counts runs, not totals), "5" matched anywhere in the
# line instead of in the status field, and sort without -n (text order: 9 > 10).
log=/var/log/shop/access.log
mkdir -p /root/answers
cd /root/answers
awk '{print $1}' "$log" | uniq -c | sort -rn | head -3 | awk '{print $1, $2}' > top-ips.txt
grep -c ' 5' "$log" > errors.txt
awk '$9 == 404 {print $7}' "$log" | sort | uniq -c | sort -r | head -1 | awk '{print $2}' > top-404.txt
