#!/bin/bash
# node2 (10.0.0.12, interface eth0): runs as root when the lab starts, and again whenever
# node2 boots. nginx is already running (the hidden setup starts it before this script).
# There is no systemd: start keepalived yourself (it must keep running after this script ends).
# Peer: node1 10.0.0.11. Virtual address: 10.0.0.100/24.

