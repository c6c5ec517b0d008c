#!/bin/bash
# Round robin without any health check: it balances while all is well, and keeps sending a
# third of the requests to a server that is down or unhealthy.
set -e
cat > /etc/haproxy/haproxy.cfg <<'CONF'
defaults
    mode http
    timeout connect 2s
    timeout client 15s
    timeout server 15s

frontend www
    bind *:80
    default_backend web

backend web
    balance roundrobin
    server web1 10.0.0.11:80
    server web2 10.0.0.12:80
    server web3 10.0.0.13:80
CONF
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
