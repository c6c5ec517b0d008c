#!/bin/bash
# Common mistakes: bob's group list is replaced instead of appended to (usermod -G without -a
# after creating him in another group), guest is deleted instead of locked, and the shared
# directory lacks the setgid bit and lets everyone in.
groupadd -g 3000 devops
useradd -m -u 3001 -s /bin/bash -G devops alice
useradd -m -s /bin/bash bob
userdel -r guest
userdel -r olduser
mkdir -p /srv/devops
chown root:devops /srv/devops
chmod 775 /srv/devops
