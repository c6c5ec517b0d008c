#!/bin/bash
# Hidden setup of lb: HAProxy running with the faulty configuration, as the colleague left it.
set -eu
mkdir -p /run/haproxy
cp /lab/haproxy.cfg /etc/haproxy/haproxy.cfg
haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid
