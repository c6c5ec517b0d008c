#!/bin/bash
# lb1 (10.0.0.2, interface eth0): runs as root when the lab starts, and again whenever
# lb1 boots. HAProxy 2.6 and keepalived 2.2 are installed, neither is running; there is no
# systemd. The shop's certificate and key: /lab/shop.crt, /lab/shop.key (CA: /lab/ca.pem).
# Web servers: web1 10.0.0.11:80, web2 10.0.0.12:80 (health page: /health). VIP: 10.0.0.10/24.

