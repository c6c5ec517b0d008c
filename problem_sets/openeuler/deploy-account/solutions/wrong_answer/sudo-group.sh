#!/bin/bash
# Shortcuts: deploy joins the sudo group (full root) instead of one command, the broken file is
# only made read-only, and the account's expiry date is left in the past.
usermod -s /bin/bash -aG sudo deploy
chmod 0440 /etc/sudoers.d/deploy
rm -f /etc/security/limits.d/deploy.conf
