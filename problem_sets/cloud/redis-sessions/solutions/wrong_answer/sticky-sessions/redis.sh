#!/bin/bash
# Redis for the sessions: listens on the LAN address (and loopback), protected by a password,
# run as the redis user.
set -e
conf=/etc/redis/redis.conf
sed -i -e 's/^bind .*/bind 10.0.0.20 127.0.0.1/' \
       -e 's/^# *requirepass .*/requirepass Sess10n-St0re/' \
       -e 's/^daemonize .*/daemonize yes/' "$conf"
grep -q '^requirepass Sess10n-St0re$' "$conf"
install -d -o redis -g redis /run/redis /var/log/redis /var/lib/redis
rm -f /run/redis/redis-server.pid
setpriv --reuid=redis --regid=redis --init-groups redis-server "$conf"
