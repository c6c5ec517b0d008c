#!/bin/bash
set -euo pipefail
usermod -s /bin/bash deploy
chage -E -1 deploy
chown deploy:deploy /home/deploy
chmod 0750 /home/deploy
chown -R deploy:deploy /home/deploy/.ssh
chmod 0700 /home/deploy/.ssh
chmod 0600 /home/deploy/.ssh/authorized_keys
cat > /etc/sudoers.d/deploy <<'RULES'
# deploy restarts the shop after a release
deploy ALL=(root) NOPASSWD: /opt/shop/bin/reload
RULES
chown root:root /etc/sudoers.d/deploy
chmod 0440 /etc/sudoers.d/deploy
visudo -c -f /etc/sudoers.d/deploy
cat > /etc/security/limits.d/deploy.conf <<'LIMITS'
# runaway build jobs must not exhaust the file handles
deploy soft nofile 256
deploy hard nofile 512
LIMITS
