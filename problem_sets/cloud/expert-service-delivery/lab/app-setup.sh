#!/bin/bash
# Hidden setup of app1 and app2: installs the portal (not started) and its log folder. The
# portal appends one line per request to /var/log/portal/access.log, a file it opens once.
set -eu
mkdir -p /opt/portal /var/log/portal
chmod 755 /var/log/portal
echo "$NAME" > /opt/portal/node
cat > /opt/portal/app.py <<'PY'
"""The customer portal: HTTP on port 9000, one access log line per request."""

import datetime
import http.server
from pathlib import Path

NODE = Path("/opt/portal/node").read_text().strip()
LOG = open("/var/log/portal/access.log", "a", buffering=1, encoding="utf-8")
PAGES = {
    "/admin/": "Example Portal admin console",
    "/internal/metrics": "Example Portal internal metrics: requests_total 1234",
}


class Portal(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        text = PAGES.get(path, "Example Portal")
        body = f"{text}\nnode: {NODE}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        now = datetime.datetime.now().isoformat(timespec="seconds")
        headers = getattr(self, "headers", None)
        forwarded = headers.get("X-Forwarded-For", "-") if headers else "-"
        LOG.write(f"{now} {self.client_address[0]} {forwarded} {format % args}\n")


http.server.ThreadingHTTPServer(("0.0.0.0", 9000), Portal).serve_forever()
PY
