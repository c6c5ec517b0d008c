#!/bin/bash
# console (10.0.0.20) — runs as root after broker's script has ended.
# Publish as config-svc (password Cfg-4471) to the broker at 10.0.0.5:1883.

