#!/bin/bash
# redis (10.0.0.20): runs as root when the lab starts. Redis 7 is installed, not running;
# its configuration: /etc/redis/redis.conf. There is no systemd: start it yourself.

