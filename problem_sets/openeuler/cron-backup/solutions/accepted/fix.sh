#!/bin/bash
set -euo pipefail
cat > /opt/scripts/backup.sh <<'SH'
#!/bin/bash
# Daily archive of the application data.
set -euo pipefail
mkdir -p /var/backups
tar -czf "/var/backups/app-$(date +%Y%m%d).tar.gz" -C /srv/app data
SH
chown root:root /opt/scripts/backup.sh
chmod 0750 /opt/scripts/backup.sh
echo '30 2 * * * root /opt/scripts/backup.sh' > /etc/cron.d/backup
# cron skips /etc/cron.d files whose names contain a dot
mv /etc/cron.d/cleanup.sh /etc/cron.d/cleanup
echo '*/15 8-18 * * mon-fri /opt/scripts/report.sh' | crontab -u reporter -
