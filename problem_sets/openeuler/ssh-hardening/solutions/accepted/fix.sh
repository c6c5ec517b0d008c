#!/bin/bash
set -euo pipefail
# sshd keeps the first value it reads for most keywords, and sshd_config includes
# sshd_config.d/*.conf at its top: the legacy drop-in wins over the main file. Remove it and
# put the policy in a drop-in of its own.
rm -f /etc/ssh/sshd_config.d/00-legacy.conf
cat > /etc/ssh/sshd_config.d/10-hardening.conf <<'CONF'
Port 2222
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxAuthTries 3
AllowGroups sshusers
CONF
mkdir -p /run/sshd
sshd -t
groupadd sshusers
usermod -aG sshusers ops1
usermod -aG sshusers ops2
install -m 0440 -o root -g root /dev/stdin /etc/sudoers.d/ops <<'SUDO'
%ops ALL=(root) NOPASSWD: /usr/sbin/nft list ruleset
SUDO
visudo -c
