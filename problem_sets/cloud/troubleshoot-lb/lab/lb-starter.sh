#!/bin/bash
# lb, 10.0.0.10: runs as root when the lab starts; it must end within 10 seconds.
# HAProxy is running with /etc/haproxy/haproxy.cfg as written below; it was started with
#   haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
# This script writes the configuration again, checks it and replaces the running HAProxy
# by one that uses it. Fix the configuration.
set -e
cat > /etc/haproxy/haproxy.cfg <<'CFG'
global
    daemon
    user haproxy
    group haproxy
    stats socket /run/haproxy/admin.sock mode 660 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s

frontend shop
    bind 127.0.0.1:80
    default_backend shop_servers

backend shop_servers
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
    server web1 10.0.0.11:8080 check
    server web2 10.0.0.12:8008 check
CFG
haproxy -c -f /etc/haproxy/haproxy.cfg
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid -sf "$(cat /run/haproxy.pid)"
