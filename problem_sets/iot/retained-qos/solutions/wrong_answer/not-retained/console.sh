#!/bin/bash
# Plain publications: delivered to whoever is subscribed now (nobody), kept for nobody later.
sleep 0.5
for msg in "config/setpoint 72.5" "config/report-interval 5" "config/alarm-high 85.0" "status commissioned"; do
    set -- $msg
    mosquitto_pub -h 10.0.0.5 -u config-svc -P Cfg-4471 -q 1 -t "plant/line-a/$1" -m "$2"
done
