#!/bin/bash
# A fleet device (hidden): its firmware runs in the background (see /lab/device.py).
setsid python3 /lab/device.py </dev/null >/dev/null 2>&1 &
