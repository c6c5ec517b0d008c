#!/bin/bash
# A day and a half of the shop's access log (deterministic: the answers are fixed).
set -euo pipefail
mkdir -p /var/log/shop
python3 - > /var/log/shop/access.log <<'PY'
import random
from datetime import datetime, timedelta

rng = random.Random(20240601)
heavy = ["10.8.0.23", "203.0.113.45", "10.8.0.7", "198.51.100.31", "192.0.2.99"]
weights = [9, 7, 5, 4, 3]
others = [f"10.{rng.randint(0, 20)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" for _ in range(400)]
paths = [
    ("/", 12), ("/index.html", 6), ("/products", 10), ("/products/42", 8), ("/products/7", 6),
    ("/cart", 6), ("/checkout", 5), ("/api/orders", 8), ("/login", 5), ("/static/app.js", 9),
    ("/static/style.css", 9), ("/favicon.ico", 4), ("/admin", 3), ("/wp-login.php", 3),
    ("/.env", 2), ("/old-catalog.html", 3),
]
agents = ["Mozilla/5.0 (X11; Linux x86_64)", "curl/7.88.1", "Mozilla/5.0 (Windows NT 10.0)", "python-requests/2.31"]
when = datetime(2024, 6, 1, 0, 0, 0)
out = []
for _ in range(3000):
    hour_bias = 1 if 9 <= when.hour <= 11 else 3
    when += timedelta(seconds=rng.randint(1, 40 * hour_bias))
    ip = rng.choices(heavy, weights)[0] if rng.random() < 0.35 else rng.choice(others)
    path = rng.choices([p for p, _ in paths], [w for _, w in paths])[0]
    method = "POST" if path in ("/login", "/checkout", "/api/orders") and rng.random() < 0.6 else "GET"
    if path in ("/admin", "/wp-login.php", "/.env", "/old-catalog.html"):
        status = 404 if rng.random() < 0.9 else 403
    elif path in ("/checkout", "/api/orders") and rng.random() < 0.12:
        status = rng.choice([500, 502, 503])
    elif rng.random() < 0.03:
        status = 500
    elif path.startswith("/static") and rng.random() < 0.2:
        status = 304
    else:
        status = 200
    size = 0 if status == 304 else rng.randint(200, 48000) if status == 200 else rng.randint(150, 600)
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0800")
    out.append(f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{rng.choice(agents)}"')
print("\n".join(out))
PY
