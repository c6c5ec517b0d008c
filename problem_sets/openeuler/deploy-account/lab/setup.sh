#!/bin/bash
# The deployment account after a hurried hand-over: five faults, one in each file that decides
# whether and how deploy can work.
set -euo pipefail
groupadd -g 1400 shop
useradd -m -u 1401 -g shop -s /bin/bash intern
# deploy was created as a service account, then expired "until the audit".
useradd -m -u 1500 -s /usr/sbin/nologin -G shop deploy
chage -E 2024-01-31 deploy
# The home directory was copied back from a backup as root, with loose modes.
chown root:root /home/deploy
chmod 0777 /home/deploy
mkdir -p /home/deploy/.ssh
echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq3p7n4Xw0mX3v9cQy2kF1sJ8aR5tU6wV7yZ8bC9dE0 deploy@ci' \
  > /home/deploy/.ssh/authorized_keys
chmod 0666 /home/deploy/.ssh/authorized_keys
# The reload helper deploy needs to run as root.
mkdir -p /opt/shop/bin
printf '#!/bin/bash\necho "shop reloaded"\n' > /opt/shop/bin/reload
chmod 0755 /opt/shop/bin/reload
# A sudo rule with a typo, edited outside visudo, and a "temporary" rule for the whole group.
cat > /etc/sudoers.d/deploy <<'RULES'
# deploy restarts the shop after a release
deploy ALL=(root) NOPASSWD /opt/shop/bin/reload
%shop ALL=(ALL) NOPASSWD: ALL
RULES
chmod 0666 /etc/sudoers.d/deploy
# A cap for the build jobs, with the fields in the wrong order.
cat > /etc/security/limits.d/deploy.conf <<'LIMITS'
# runaway build jobs must not exhaust the file handles
deploy nofile soft 256
deploy nofile hard 512
LIMITS
