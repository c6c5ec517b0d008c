#!/bin/bash
# node1 (10.0.0.11, interface eth0): runs as root when the lab starts, and again whenever
# node1 boots. nginx is already running (the hidden setup starts it before this script).
# There is no systemd: start keepalived yourself (it must keep running after this script ends).
# Peer: node2 10.0.0.12. Virtual address: 10.0.0.100/24.

