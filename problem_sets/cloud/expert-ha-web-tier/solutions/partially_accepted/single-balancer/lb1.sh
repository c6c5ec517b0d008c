#!/bin/bash
# One balancer done right (TLS, redirect, checks), the VIP added to it by hand: the shop
# works until lb1 dies, and then nothing takes the VIP over.
set -e
install -d -m 0700 /etc/haproxy/certs
cat /lab/shop.crt /lab/shop.key > /etc/haproxy/certs/shop.pem
chmod 0600 /etc/haproxy/certs/shop.pem
cat > /etc/haproxy/haproxy.cfg <<'CONF'
global
    maxconn 1024
    ssl-default-bind-options ssl-min-ver TLSv1.2

defaults
    mode http
    timeout connect 1s
    timeout client 15s
    timeout server 15s
    retries 2
    option redispatch
    option forwardfor

frontend http-in
    bind *:80
    http-request redirect scheme https code 301

frontend https-in
    bind *:443 ssl crt /etc/haproxy/certs/shop.pem
    http-request set-header X-Forwarded-Proto https
    default_backend web

backend web
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server web1 10.0.0.11:80 check
    server web2 10.0.0.12:80 check
CONF
haproxy -c -q -f /etc/haproxy/haproxy.cfg
rm -f /run/haproxy.pid
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
ip addr replace 10.0.0.10/24 dev eth0
