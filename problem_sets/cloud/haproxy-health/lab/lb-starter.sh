#!/bin/bash
# lb (10.0.0.10): runs as root when the lab starts, and again whenever lb boots.
# There is no systemd: start HAProxy yourself (it must keep running after this script ends).
# Backends: web1 10.0.0.11:80, web2 10.0.0.12:80, web3 10.0.0.13:80 (health page: /health).

