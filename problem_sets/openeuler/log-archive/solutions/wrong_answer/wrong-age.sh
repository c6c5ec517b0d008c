#!/bin/bash
# -mtime -14 selects the files changed in the last 14 days, the opposite of what is asked; and
# the archive is written beside the logs it should make room for.
cd /var/log/billing
tar -czf billing-old.tar.gz $(find . -name '*.log*' -mtime -14)
find . -name '*.log*' -mtime -14 -delete
