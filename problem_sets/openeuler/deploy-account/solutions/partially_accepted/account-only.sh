#!/bin/bash
# The account is repaired, but sudo and the limits are left as they were: sudo refuses a
# world-writable file, so deploy still cannot reload the shop.
usermod -s /bin/bash deploy
chage -E -1 deploy
chown -R deploy:deploy /home/deploy
chmod 0750 /home/deploy
chmod 0600 /home/deploy/.ssh/authorized_keys
