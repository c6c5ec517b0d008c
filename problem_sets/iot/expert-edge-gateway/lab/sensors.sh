#!/bin/bash
# The cold room's sensors (hidden): over TLS, as user "sensor", every 0.3 s; t1 is hot, t2 is
# cool. They retry until the edge broker is up.
(
  n=0
  while true; do
    n=$(( (n + 1) % 10 ))
    for reading in "t1 3$(( n % 3 + 1 )).$n" "t2 2$(( n % 2 + 1 )).$n"; do
      set -- $reading
      mosquitto_pub -h 10.0.0.1 -p 8883 --cafile /lab/ca.pem -u sensor -P Sensor-2026 \
        -t "sensors/$1/temp" -m "$2"
    done
    sleep 0.3
  done
) </dev/null >/dev/null 2>&1 &
