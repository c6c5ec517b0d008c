#!/bin/bash
# keepalived on node2: VRRP instance 51 over unicast to node1, VIP 10.0.0.100/24.
# node1 (priority 150) is the preferred master and takes the VIP back when it is healthy again
# (preemption is keepalived's default); node2 has priority 100. A node whose nginx does not
# answer goes to FAULT and gives the VIP away.
set -e
cat > /etc/keepalived/keepalived.conf <<'CONF'
global_defs {
    router_id node2
    script_user root
    enable_script_security
}

vrrp_script chk_nginx {
    script "/usr/bin/curl -fsS -m 1 -o /dev/null http://127.0.0.1/"
    interval 1
    fall 2
    rise 2
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
    track_script {
        chk_nginx
    }
}
CONF
keepalived -t -f /etc/keepalived/keepalived.conf
# Start from a clean state: no PID files or virtual address left over from before a reboot.
rm -f /run/keepalived.pid /run/vrrp.pid /run/checkers.pid
ip addr del 10.0.0.100/24 dev eth0 2>/dev/null || true
keepalived -f /etc/keepalived/keepalived.conf
