#!/bin/bash
# Hidden setup of web1 and web2: the shop's web service on port 8080, with its health
# endpoint /healthz; every page says which server answered ($NAME).
set -eu
mkdir -p /opt/shop
cat > /opt/shop/web.py <<'PY'
import http.server
import sys

NAME = sys.argv[1]


class Web(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/healthz":
            status, body = 200, "ok\n"
        elif self.path == "/" or self.path.startswith("/shop"):
            status, body = 200, f"Example Shop, served by {NAME}\n"
        else:
            status, body = 404, "not found\n"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Web).serve_forever()
PY
setsid python3 /opt/shop/web.py "$NAME" </dev/null >/dev/null 2>&1 &
