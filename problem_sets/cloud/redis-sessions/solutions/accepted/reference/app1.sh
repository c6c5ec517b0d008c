#!/bin/bash
# The application keeps its sessions in Redis on 10.0.0.20, so that every server knows them.
set -e
sed -i -e 's/^SESSION_STORE=.*/SESSION_STORE=redis/' \
       -e 's/^REDIS_HOST=.*/REDIS_HOST=10.0.0.20/' \
       -e 's/^REDIS_PORT=.*/REDIS_PORT=6379/' \
       -e 's/^REDIS_PASSWORD=.*/REDIS_PASSWORD=Sess10n-St0re/' /etc/shop/app.env
/opt/shop/shopctl restart
