#!/bin/bash
# HAProxy in round robin over the three web servers, each checked on GET /health every second:
# two failed checks take a server out, two good ones put it back.
set -e
cat > /etc/haproxy/haproxy.cfg <<'CONF'
global
    maxconn 1024

defaults
    mode http
    timeout connect 2s
    timeout client 15s
    timeout server 15s
    retries 2
    option redispatch

frontend www
    bind *:80
    default_backend web

backend web
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server web1 10.0.0.11:80 check
    server web2 10.0.0.12:80 check
    server web3 10.0.0.13:80 check
CONF
haproxy -c -q -f /etc/haproxy/haproxy.cfg
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
