#!/bin/bash
# Configuration retained (a device that boots later reads it at once), the status at QoS 1.
pub() {
    for _ in $(seq 50); do   # the broker may still be opening its listener
        mosquitto_pub -h 10.0.0.5 -u config-svc -P Cfg-4471 "$@" && return 0
        sleep 0.1
    done
    return 1
}
pub -r -q 1 -t plant/line-a/config/setpoint -m 72.5
pub -r -q 1 -t plant/line-a/config/report-interval -m 5
pub -r -q 1 -t plant/line-a/config/alarm-high -m 85.0
pub -r -q 1 -t plant/line-a/status -m commissioned
# An empty retained message deletes the retained one.
pub -r -q 1 -t plant/line-a/config/legacy-mode -n
