#!/bin/bash
# Right script and schedules, but cron would never run them: a dot in the cron.d file name,
# the cleanup file left as it was, and a crontab written straight into the spool (owned by
# root, mode 0644) instead of installed with crontab -u.
cat > /opt/scripts/backup.sh <<'SH'
#!/bin/bash
tar -czf "/var/backups/app-$(date +%Y%m%d).tar.gz" -C /srv/app data
SH
chmod 0750 /opt/scripts/backup.sh
echo '30 2 * * * root /opt/scripts/backup.sh' > /etc/cron.d/backup.cron
echo '*/15 8-18 * * 1-5 /opt/scripts/report.sh' > /var/spool/cron/crontabs/reporter
