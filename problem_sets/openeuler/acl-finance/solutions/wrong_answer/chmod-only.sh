#!/bin/bash
# Tightens the mode bits but never touches the ACLs: eve keeps her entry, auditors get
# nothing, and new files are not readable by them.
chown -R alice:finance /srv/finance
chmod -R 2770 /srv/finance
chmod 0600 /srv/finance/salaries.csv
