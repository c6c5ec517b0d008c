#!/bin/bash
# The server before the task: a guest account with a password and an account to retire.
set -euo pipefail
useradd -m -s /bin/bash guest
echo 'guest:Welcome-2024' | chpasswd
useradd -m -s /bin/bash olduser
echo "meeting notes" > /home/olduser/notes.txt
chown olduser:olduser /home/olduser/notes.txt
