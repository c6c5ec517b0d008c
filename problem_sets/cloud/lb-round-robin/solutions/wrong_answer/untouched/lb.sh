#!/bin/bash
# Runs as root on lb (10.0.0.10). nginx is installed but not running, and has no site.
# The web servers: web1 10.0.0.11 and web2 10.0.0.12, each serving on port 80.

