#!/bin/bash
# Hidden setup of the store host: three buckets under /srv/buckets, owned by root.
set -eu
mkdir -p /srv/buckets/public /srv/buckets/private /srv/buckets/incoming
cat > /srv/buckets/public/catalog.txt <<'TXT'
SKU,item,price
A-100,patch cable 2 m,3.90
A-200,SFP+ module 10G,24.00
B-310,rack shelf 1U,18.50
TXT
cat > /srv/buckets/private/payroll.csv <<'TXT'
employee,monthly salary
li.wei,18000
alice,21000
TXT
chmod -R u=rwX,go=rX /srv/buckets
