#!/bin/bash
# Sticky sessions instead of shared ones: the balancer pins each visitor to one server with a
# cookie. The counter keeps counting while that server lives, and starts again from 1 when it
# dies.
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
    cookie SHOPSERVER insert indirect nocache
    option httpchk GET /health
    default-server inter 500ms fall 2 rise 2
    server app1 10.0.0.11:8080 check cookie app1
    server app2 10.0.0.12:8080 check cookie app2
CONF
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
