#!/bin/bash
# The accounts are right, the shared directory is forgotten.
groupadd -g 3000 devops
useradd -m -u 3001 -s /bin/bash -G devops alice
useradd -m -s /bin/bash -G devops bob
passwd -l guest
userdel -r olduser
