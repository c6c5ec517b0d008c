#!/bin/bash
# An application with data to back up, a report user, and a cleanup job cron silently skips.
set -euo pipefail
mkdir -p /srv/app/data/config /opt/scripts
printf 'id,customer,amount\n1,3,120.50\n2,7,89.00\n' > /srv/app/data/orders.csv
printf 'id,name\n3,Li Lei\n7,Han Meimei\n' > /srv/app/data/customers.csv
printf '[db]\nhost = 127.0.0.1\n' > /srv/app/data/config/app.ini
useradd -m -s /bin/bash reporter
cat > /opt/scripts/report.sh <<'SH'
#!/bin/bash
wc -l /srv/app/data/orders.csv >> "$HOME/report.log"
SH
cat > /opt/scripts/cleanup.sh <<'SH'
#!/bin/bash
find /var/backups -name 'app-*.tar.gz' -mtime +7 -delete
SH
chmod 755 /opt/scripts/report.sh /opt/scripts/cleanup.sh
printf 'SHELL=/bin/sh\n15 3 * * * root /opt/scripts/cleanup.sh\n' > /etc/cron.d/cleanup.sh
