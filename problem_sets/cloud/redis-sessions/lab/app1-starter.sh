#!/bin/bash
# app1 (10.0.0.11): runs as root when the lab starts, after the shop application was started
# on port 8080. Its settings: /etc/shop/app.env; restart it with: /opt/shop/shopctl restart

