#!/bin/bash
# lb (10.0.0.10): runs as root when the lab starts. HAProxy and nginx are installed, neither
# is running; use either. Application servers: app1 10.0.0.11:8080, app2 10.0.0.12:8080.

