#!/bin/bash
# Hidden setup of the app host: the shop's order service, plain HTTP on 10.0.0.20:8080.
# It says which scheme the proxy in front of it reports (X-Forwarded-Proto), and an instance
# id drawn at start, which shows that a page really came from it.
set -eu
mkdir -p /opt/shop
cat > /opt/shop/app.py <<'PY'
import http.server
import secrets

INSTANCE = secrets.token_hex(8)  # changes at every start: a copied page cannot carry it


class Shop(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        proto = self.headers.get("X-Forwarded-Proto", "none")
        body = (
            "Example Shop - order service\n"
            f"path: {self.path}\n"
            f"forwarded-proto: {proto}\n"
            f"instance: {INSTANCE}\n"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Shop).serve_forever()
PY
setsid python3 /opt/shop/app.py </dev/null >/dev/null 2>&1 &
