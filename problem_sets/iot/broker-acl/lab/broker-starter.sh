#!/bin/bash
# Runs as root on broker (10.0.0.5). Mosquitto 2.0 is installed but not running; its main
# configuration /etc/mosquitto/mosquitto.conf reads every /etc/mosquitto/conf.d/*.conf.
# Accounts to create:   sensor1 / S3nsor-one    dashboard / Dash-b0ard    admin / Adm1n-key

