#!/bin/bash
set -euo pipefail
groupadd -g 3000 devops
useradd -m -u 3001 -s /bin/bash -G devops alice
useradd -m -s /bin/bash -G devops bob
usermod -L guest
userdel -r olduser
mkdir -p /srv/devops
chown root:devops /srv/devops
chmod 2770 /srv/devops
