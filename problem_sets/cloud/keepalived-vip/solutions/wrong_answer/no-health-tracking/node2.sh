#!/bin/bash
# keepalived without health tracking: the VIP moves when a node dies, but a node whose nginx
# has stopped keeps the VIP and the customers get "connection refused".
set -e
cat > /etc/keepalived/keepalived.conf <<'CONF'
global_defs {
    router_id node2
}

vrrp_instance WEB {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    unicast_src_ip 10.0.0.12
    unicast_peer {
        10.0.0.11
    }
    authentication {
        auth_type PASS
        auth_pass webvip51
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0
    }
}
CONF
keepalived -t -f /etc/keepalived/keepalived.conf
# Start from a clean state: no PID files or virtual address left over from before a reboot.
rm -f /run/keepalived.pid /run/vrrp.pid /run/checkers.pid
ip addr del 10.0.0.100/24 dev eth0 2>/dev/null || true
keepalived -f /etc/keepalived/keepalived.conf
