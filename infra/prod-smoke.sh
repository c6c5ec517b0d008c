#!/usr/bin/env bash
# Smoke test of the production stack: `infra/prod.sh up` under a compose project, ports and
# state of its own (so it never meets a real install), then, over https through nginx, a
# student registers and has a bundled code task and a bundled network lab judged AC
# (infra/prod_smoke.py); then the stack goes down with its volumes. Reuses the base, the app
# layers and the judge's runtime images already built. Exits non-zero, saying what failed.
#
#   bash infra/prod-smoke.sh      # as root; ARENA_SMOKE_PORT (default 8443) on 127.0.0.1
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

[ "$(id -u)" -eq 0 ] || die "run as root (infra/prod.sh up needs it)"
# what failed is said again after the stack's logs, as the run's last line
FAILURE=""
die() {
  FAILURE="$*"
  printf '\033[1;31mError:\033[0m %s\n' "$*" >&2
  exit 1
}
STATE=$(mktemp -d /tmp/arena-prod-smoke.XXXXXX)
export ARENA_PROD_PROJECT="${ARENA_SMOKE_PROJECT:-ictarena-smoke}" \
  ARENA_PROD_STATE="$STATE" \
  ARENA_PROD_HOSTNAME=localhost \
  ARENA_PROD_HTTPS="127.0.0.1:${ARENA_SMOKE_PORT:-8443}" \
  ARENA_PROD_HTTP="127.0.0.1:${ARENA_SMOKE_HTTP_PORT:-8480}" \
  ARENA_PROD_NET="${ARENA_SMOKE_NET:-172.29.84}" \
  ARENA_JUDGE_CACHE="$STATE/judge-cache" \
  ARENA_JUDGE_WORKERS=1
unset ARENA_TLS_CERT ARENA_TLS_KEY

START=$SECONDS
STEP_START=$SECONDS
timing() {
  say "$1: $((SECONDS - STEP_START)) s (total $((SECONDS - START)) s)"
  STEP_START=$SECONDS
}

teardown() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -f "$STATE/config.env" ]; then
    printf '\033[1;31mThe smoke test failed; the last log lines of the stack:\033[0m\n' >&2
    bash infra/prod.sh logs --no-color --tail=30 >&2 || true
  fi
  STEP_START=$SECONDS
  if [ -f "$STATE/config.env" ]; then
    local judges
    judges=$(bash infra/prod.sh status-ids judge 2>/dev/null || true)
    bash infra/prod.sh down --volumes >/dev/null 2>&1 || echo "smoke: tearing down failed" >&2
    # the judge workers remove their sandboxes (the warm pool) when they stop
    for judge in $judges; do
      left=$(docker ps -aq --filter "label=org.ictarena.owner" | xargs -r docker inspect \
        -f '{{.Id}} {{index .Config.Labels "org.ictarena.owner"}}' | grep " ${judge:0:12}:" || true)
      if [ -n "$left" ]; then
        echo "smoke: the judge worker ${judge:0:12} left sandboxes behind; removing them" >&2
        cut -d' ' -f1 <<<"$left" | xargs docker rm -f >/dev/null
        [ "$status" -ne 0 ] || status=1
      fi
    done
  fi
  rm -rf "$STATE"
  timing "Tear-down (volumes too)"
  if [ "$status" -ne 0 ]; then
    printf '\033[1;31mSMOKE TEST FAILED\033[0m after %s s: %s\n' "$((SECONDS - START))" \
      "${FAILURE:-see above}" >&2
  else
    say "Smoke test passed in $((SECONDS - START)) s"
  fi
  exit "$status"
}
trap teardown EXIT
# A command that fails outside a check stops the script (set -e) without a word of its own:
# name its line, the command and its status.
trap 'FAILURE="line $LINENO: $BASH_COMMAND (exit $?)"' ERR

say "Bringing the stack up (project $ARENA_PROD_PROJECT, https://localhost:${ARENA_SMOKE_PORT:-8443})"
bash infra/prod.sh up || die "infra/prod.sh up failed"
timing "Stack up"
"$VENV/bin/python" infra/prod_smoke.py "https://localhost:${ARENA_SMOKE_PORT:-8443}" \
  "$(cat "$STATE/admin-password")" 2>"$STATE/journey.err" ||
  { cat "$STATE/journey.err" >&2; die "over https: $(tail -1 "$STATE/journey.err")"; }
timing "Registration and two verdicts over https"

# The app saw the clients' address through the proxy (X-Forwarded-For from the one trusted
# proxy), not the proxy's own: each submission records the address it came from.
proxy="$ARENA_PROD_NET.10"
seen=$(bash infra/prod.sh psql -tAc "SELECT DISTINCT ip FROM submissions")
clients=$(bash infra/prod.sh logs --no-color nginx 2>/dev/null | grep -o '| [0-9.]* - ' |
  awk '{print $2}' | sort -u)
[ -n "$seen" ] || die "no submission recorded a client address"
for ip in $seen; do
  [ "$ip" != "$proxy" ] || die "the app recorded the proxy's address $proxy as the client's"
  grep -qx "$ip" <<<"$clients" || die "the app recorded $ip, which nginx never saw as a client"
done
say "The app records the client's address ($seen), not the proxy's ($proxy)"

# plain http redirects to https, and https pages ask browsers to stay on it (HSTS)
url="https://localhost:${ARENA_SMOKE_PORT:-8443}"
redirect=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:${ARENA_SMOKE_HTTP_PORT:-8480}/login")
[ "$redirect" = "$url/login" ] || die "http://…/login redirects to '$redirect', not to $url/login"
# (each answer is read whole before it is searched: `grep -q` stops reading at the first match,
# and under pipefail the writer's broken pipe would fail the check at random)
headers=$(curl -sk -D - -o /dev/null "$url/login")
grep -qi '^strict-transport-security:' <<<"$headers" ||
  die "$url/login sends no Strict-Transport-Security header"
say "http redirects to https; pages send HSTS"

# nginx balanced the requests over both web processes (each logs the requests it served)
for web in $(bash infra/prod.sh status-ids web); do
  # each request is one JSON line; the health checks come from the container itself
  served=$(docker logs "$web" 2>&1 | grep '"event": "request"' |
    grep -vc '"client": "127.0.0.1"' || true)
  [ "$served" -gt 0 ] || die "the web process ${web:0:12} served no request: nginx does not balance"
  say "Web process ${web:0:12} served $served requests"
done

# the judge workers hold no database credentials, nor the signing key
for judge in $(bash infra/prod.sh status-ids judge); do
  environment=$(docker inspect -f '{{join .Config.Env "\n"}}' "$judge")
  for name in ARENA_DB_PASSWORD ARENA_SECRET_KEY; do
    value=$(sed -n "s/^$name=//p" "$STATE/secrets.env")
    if grep -qF "$value" <<<"$environment"; then
      die "the judge worker ${judge:0:12} holds $name"
    fi
  done
done
say "The judge workers hold neither the database password nor the signing key"
# Metrics: never through the edge; each process serves them on the stack's network with the
# token. After two verdicts, the platform worker counted them and the judge timed its sandboxes.
code=$(curl -sk -o /dev/null -w '%{http_code}' "$url/metrics")
[ "$code" = 404 ] || die "$url/metrics answered $code through the proxy, not 404"
token=$(sed -n 's/^ARENA_METRICS_TOKEN=//p' "$STATE/secrets.env")
scrape() {
  # scrape CONTAINER PORT: the process's /metrics, asked from inside its container
  docker exec "$1" python3 -c 'import sys, urllib.request as u
r = u.Request(f"http://127.0.0.1:{sys.argv[1]}/metrics", headers={"Authorization": "Bearer " + sys.argv[2]})
sys.stdout.write(u.urlopen(r, timeout=10).read().decode())' "$2" "$token"
}
web=$(bash infra/prod.sh status-ids web | sed -n 1p)
grep -q '^arena_http_request_duration_seconds_count' <<<"$(scrape "$web" 8000)" ||
  die "the web process serves no request latency metric"
platform=$(bash infra/prod.sh status-ids platform | sed -n 1p)
grep -q '^arena_verdicts_total{.*verdict="AC"}' <<<"$(scrape "$platform" 9100)" ||
  die "the platform worker's metrics count no accepted verdict"
judge=$(bash infra/prod.sh status-ids judge | sed -n 1p)
grep -q '^arena_judge_container_seconds_count' <<<"$(scrape "$judge" 9100)" ||
  die "the judge worker's metrics do not time its sandboxes"
docker exec "$judge" python3 -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:9100/readyz", timeout=10)' ||
  die "the judge worker is not ready (Docker and Redis)"
say "Metrics: 404 at the edge; web, platform and judge processes scraped with the token"

