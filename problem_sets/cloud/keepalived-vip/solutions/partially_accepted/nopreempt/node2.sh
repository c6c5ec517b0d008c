#!/bin/bash
# keepalived with nopreempt on both nodes: the VIP moves to node2 on a failure and stays there
# when node1 is healthy again, against the design (node1 is the preferred master).
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
    nopreempt
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
