#!/bin/bash
# lb1: HAProxy terminates TLS for shop.example.com and balances over web1 and web2 (HTTP checks
# on /health, a dead server out within 2 s); port 80 only redirects to HTTPS. keepalived holds
# the VIP 10.0.0.10 on the healthy balancer: lb1 (priority 150) is the master, lb2 (100) the
# backup; a balancer whose HAProxy is not running goes to FAULT.
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

cat > /etc/keepalived/keepalived.conf <<'CONF'
global_defs {
    router_id lb1
    script_user root
    enable_script_security
}

vrrp_script chk_haproxy {
    script "/usr/bin/pgrep -x haproxy"
    interval 1
    fall 2
    rise 2
}

vrrp_instance SHOP {
    state MASTER
    interface eth0
    virtual_router_id 10
    priority 150
    advert_int 1
    unicast_src_ip 10.0.0.2
    unicast_peer {
        10.0.0.3
    }
    authentication {
        auth_type PASS
        auth_pass shopvip1
    }
    virtual_ipaddress {
        10.0.0.10/24 dev eth0
    }
    track_script {
        chk_haproxy
    }
}
CONF
keepalived -t -f /etc/keepalived/keepalived.conf
# Start from a clean state: no PID files or virtual address left over from before a reboot.
rm -f /run/keepalived.pid /run/vrrp.pid /run/checkers.pid
ip addr del 10.0.0.10/24 dev eth0 2>/dev/null || true
keepalived -f /etc/keepalived/keepalived.conf
