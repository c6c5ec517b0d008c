#!/bin/bash
# Hidden setup of the app host: installs the inventory service (not started) and its log
# folder. The service appends one line per request to /var/log/app/app.log.
set -eu
mkdir -p /opt/app /var/log/app
chmod 755 /var/log/app
cat > /opt/app/app.py <<'PY'
"""The inventory service: HTTP on port 8000, one log line per request."""

import datetime
import http.server
import os

LOG = open("/var/log/app/app.log", "a", buffering=1, encoding="utf-8")


class Inventory(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"inventory service: 42 items in stock (pid {os.getpid()})\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        now = datetime.datetime.now().isoformat(timespec="seconds")
        LOG.write(f"{now} {self.client_address[0]} {format % args}\n")


LOG.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} started, pid {os.getpid()}\n")
http.server.ThreadingHTTPServer(("0.0.0.0", 8000), Inventory).serve_forever()
PY
