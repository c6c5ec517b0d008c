#!/bin/bash
# Operators, a developer, and a legacy drop-in that re-enables what the main file disables.
set -euo pipefail
groupadd ops
useradd -m -s /bin/bash -G ops ops1
useradd -m -s /bin/bash -G ops ops2
useradd -m -s /bin/bash dev1
cat > /etc/ssh/sshd_config.d/00-legacy.conf <<'CONF'
# Kept for the old monitoring system (2019).
PermitRootLogin yes
PasswordAuthentication yes
MaxAuthTries 10
CONF
