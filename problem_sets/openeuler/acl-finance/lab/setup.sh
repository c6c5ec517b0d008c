#!/bin/bash
# A finance share set up in a hurry: world-writable, owned by root, and a contractor's ACL.
set -euo pipefail
groupadd finance
groupadd auditors
useradd -m -s /bin/bash -G finance alice
useradd -m -s /bin/bash -G finance carol
useradd -m -s /bin/bash -G auditors bob
useradd -m -s /bin/bash eve
mkdir -p /srv/finance/reports
printf 'name,salary\nalice,32000\ncarol,18000\n' > /srv/finance/salaries.csv
printf 'Q1 revenue: 1.2M CNY\nQ1 cost: 0.9M CNY\n' > /srv/finance/reports/q1.txt
printf 'Budget 2024\n' > /srv/finance/budget.txt
chmod -R 0777 /srv/finance
setfacl -m u:eve:rwx /srv/finance /srv/finance/reports
setfacl -m g:auditors:rw /srv/finance/salaries.csv
