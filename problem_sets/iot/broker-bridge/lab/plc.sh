#!/bin/bash
# The site's PLC (hidden): publishes its readings and its maintenance log on the site broker
# every half second (it retries until the site broker is up).
(
  while true; do
    mosquitto_pub -h 10.0.0.10 -t site1/sensors/temp/t1 -m '{"temp": 21.4}'
    mosquitto_pub -h 10.0.0.10 -t site1/sensors/hum/h1 -m '{"rh": 48}'
    mosquitto_pub -h 10.0.0.10 -t site1/maintenance/log -m 'filter change due'
    sleep 0.5
  done
) </dev/null >/dev/null 2>&1 &
