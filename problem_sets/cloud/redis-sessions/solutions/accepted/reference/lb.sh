#!/bin/bash
# HAProxy: round robin over the two application servers, no stickiness (any server can serve
# any session now), checked on /health; a request to a dead server is sent to the other one.
set -e
cat > /etc/haproxy/haproxy.cfg <<'CONF'
defaults
    mode http
    timeout connect 1s
    timeout client 15s
    timeout server 15s
    timeout check 500ms
    retries 2
    option redispatch

frontend shop
    bind *:80
    default_backend apps

backend apps
    balance roundrobin
    option httpchk GET /health
    default-server inter 500ms fall 2 rise 2
    server app1 10.0.0.11:8080 check
    server app2 10.0.0.12:8080 check
CONF
haproxy -c -q -f /etc/haproxy/haproxy.cfg
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
