#!/bin/bash
# Round robin with plain TCP checks: a dead server is taken out, but a server whose
# application reports itself unhealthy on /health still accepts connections and stays in.
set -e
cat > /etc/haproxy/haproxy.cfg <<'CONF'
defaults
    mode http
    timeout connect 2s
    timeout client 15s
    timeout server 15s
    option redispatch

frontend www
    bind *:80
    default_backend web

backend web
    balance roundrobin
    default-server inter 1s fall 2 rise 2
    server web1 10.0.0.11:80 check
    server web2 10.0.0.12:80 check
    server web3 10.0.0.13:80 check
CONF
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
