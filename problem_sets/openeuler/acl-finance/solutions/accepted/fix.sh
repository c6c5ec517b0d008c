#!/bin/bash
set -euo pipefail
cd /srv/finance
chown -R alice:finance /srv/finance
# Directories 2770, files 0660 (setgid keeps new files in the finance group).
find /srv/finance -type d -exec chmod 2770 {} +
find /srv/finance -type f -exec chmod 0660 {} +
# No access for eve anywhere; auditors read everything (X: execute on directories only).
setfacl -R -x u:eve /srv/finance
setfacl -R -m g:auditors:rX /srv/finance
find /srv/finance -type d -exec setfacl -d -m g:auditors:rX {} +
# The salary list is alice's alone.
setfacl -b /srv/finance/salaries.csv
chmod 0600 /srv/finance/salaries.csv
