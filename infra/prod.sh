#!/usr/bin/env bash
# The production stack (docker-compose.yml) with Debian 12's docker-compose 1.29.2, no registry.
#
#   bash infra/prod.sh up       install or upgrade, start, print the URL and the admin password
#   bash infra/prod.sh status   the services and their health
#   bash infra/prod.sh logs [-f] [SERVICE…]   the last 200 lines (-f: and follow)
#   bash infra/prod.sh down [--volumes]   stop (--volumes also deletes the data: irreversible)
#   bash infra/prod.sh psql [ARG…]         psql on the database, as its owner
#   bash infra/prod.sh backup FILE.tar.gz  `arena backup` of the running stack, to FILE here
#   bash infra/prod.sh restore FILE [--force]  `arena restore` FILE into the stack (it stops and
#                                          starts the platform; --force replaces a non-empty one)
#
# Settings, read by `up` and kept in the state directory for the other commands:
#   ARENA_PROD_HOSTNAME  the name clients use (default: hostname -f); in the URL and certificate
#   ARENA_PROD_HTTPS     published https address (default 0.0.0.0:443)
#   ARENA_PROD_HTTP      published http address, redirecting to https (default 0.0.0.0:80)
#   ARENA_TLS_CERT, ARENA_TLS_KEY  the administrator's certificate (PEM, full chain) and key;
#                        without them a self-signed certificate is generated once
#   ARENA_JUDGE_WORKERS  judge workers on this host (default 1)
#   ARENA_JUDGE_CONCURRENCY  judgings at once per judge worker (default: the host's cores over
#                        the judge workers, at least one; kept only when given)
#   ARENA_PROD_NET       the stack's /24 network, first three octets (default 172.29.83);
#                        the proxy is .10, the one entry of ARENA_TRUSTED_PROXIES
#   ARENA_PROD_REDIS     publish Redis at this address for judge hosts on other machines
#                        (e.g. 10.0.0.5:6379; default none: not published)
#   ARENA_JUDGE_CACHE    host directory of the judge's task data cache
#                        (default /var/lib/arena-judge-cache)
# and, for the other commands too:
#   ARENA_PROD_PROJECT   compose project name (default ictarena)
#   ARENA_PROD_STATE     state directory: secrets, certificate, admin password
#                        (default infra/.prod/state, ignored by git; keep it, back it up)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PROD_DIR="$ROOT/infra/.prod"
WHEELS="$PROD_DIR/wheels"
STATE="${ARENA_PROD_STATE:-$PROD_DIR/state}"
export ARENA_PROD_PROJECT="${ARENA_PROD_PROJECT:-ictarena}"
BASE_IMAGE="ictarena/base:bookworm"

compose() {
  local files=(-f "$ROOT/docker-compose.yml")
  case "${ARENA_PROD_REDIS:-none}" in
    none | "") ;;
    *) files+=(-f "$ROOT/infra/compose/redis-published.yml") ;;
  esac
  docker-compose -p "$ARENA_PROD_PROJECT" "${files[@]}" "$@"
}

secret() { openssl rand -hex 32; }

write_private() {
  # write_private FILE: stdin into FILE, readable by its owner only
  (umask 077 && cat >"$1")
}

load_state() {
  [ -f "$STATE/secrets.env" ] && [ -f "$STATE/config.env" ] ||
    die "no stack installed with state in $STATE (run: bash infra/prod.sh up)"
  set -a
  # shellcheck disable=SC1091
  source "$STATE/secrets.env"
  # shellcheck disable=SC1091
  source "$STATE/config.env"
  set +a
  ARENA_DOCKER_GID=$(stat -c %g /var/run/docker.sock)
  : "${ARENA_JUDGE_CONCURRENCY:=$(judge_concurrency "$ARENA_JUDGE_WORKERS")}"
  export ARENA_DOCKER_GID ARENA_TLS_DIR="$STATE/tls" ARENA_JUDGE_CONCURRENCY
}

judge_concurrency() {
  # judge_concurrency WORKERS [CORES]: judgings at once per judge worker when none is set. The
  # judge workers of one host share its cores (one judging per core in all, at least one per
  # worker): two workers each running one per core would start twice as many judgings as
  # there are cores, and the pages would wait behind them (README: load and faults).
  local workers="$1" cores="${2:-$(nproc)}" each
  each=$((cores / workers))
  each=$((each > 0 ? each : 1))
  printf '%s' $((each < 64 ? each : 64))  # the most a judge worker accepts
}

make_secrets() {
  # generated once, then kept: changing them would log everyone out and lock out the database
  if [ -f "$STATE/secrets.env" ]; then
    # an install older than the metrics gets its scrape token now
    grep -q '^ARENA_METRICS_TOKEN=' "$STATE/secrets.env" ||
      echo "ARENA_METRICS_TOKEN=$(secret)" >>"$STATE/secrets.env"
    return 0
  fi
  say "Generating the secrets (kept in $STATE/secrets.env)"
  write_private "$STATE/secrets.env" <<EOF
ARENA_SECRET_KEY=$(secret)
ARENA_JUDGE_TOKEN=$(secret)
ARENA_DB_PASSWORD=$(secret)
ARENA_REDIS_PASSWORD=$(secret)
ARENA_METRICS_TOKEN=$(secret)
EOF
  secret | cut -c1-20 | write_private "$STATE/admin-password"
}

saved() {
  # saved NAME DEFAULT: the environment's value, else the one kept by an earlier `up`, else DEFAULT
  local name="$1" fallback="$2" value=""
  if [ -n "${!name:-}" ]; then
    value="${!name}"
  elif [ -f "$STATE/config.env" ]; then
    value=$(sed -n "s/^$name=//p" "$STATE/config.env")
  fi
  printf '%s' "${value:-$fallback}"
}

write_config() {
  local host https http net port url redis judges concurrency cache
  host=$(saved ARENA_PROD_HOSTNAME "$(hostname -f 2>/dev/null || hostname)")
  https=$(saved ARENA_PROD_HTTPS 0.0.0.0:443)
  http=$(saved ARENA_PROD_HTTP 0.0.0.0:80)
  net=$(saved ARENA_PROD_NET 172.29.83)
  [[ "$net" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "ARENA_PROD_NET: expected three octets such as 172.29.83, got '$net'"
  [[ "$https" =~ :[0-9]+$ ]] || die "ARENA_PROD_HTTPS: expected ADDRESS:PORT, got '$https'"
  [[ "$http" =~ :[0-9]+$ ]] || die "ARENA_PROD_HTTP: expected ADDRESS:PORT, got '$http'"
  redis=$(saved ARENA_PROD_REDIS none)
  [[ "$redis" == none || "$redis" =~ :[0-9]+$ ]] ||
    die "ARENA_PROD_REDIS: expected ADDRESS:PORT or none, got '$redis'"
  # read before config.env is rewritten: the redirection below empties it first
  judges=$(saved ARENA_JUDGE_WORKERS 1)
  [[ "$judges" =~ ^[1-9][0-9]*$ ]] ||
    die "ARENA_JUDGE_WORKERS: expected a whole number from 1, got '$judges'"
  concurrency=$(saved ARENA_JUDGE_CONCURRENCY "")  # kept only when given: else from the cores
  [[ -z "$concurrency" ]] || { [[ "$concurrency" =~ ^[1-9][0-9]?$ ]] && ((concurrency <= 64)); } ||
    die "ARENA_JUDGE_CONCURRENCY: expected a whole number from 1 to 64, got '$concurrency'"
  cache=$(saved ARENA_JUDGE_CACHE /var/lib/arena-judge-cache)
  port="${https##*:}"
  url="https://$host"
  [ "$port" = 443 ] || url="$url:$port"
  cat >"$STATE/config.env" <<EOF
ARENA_PROD_HOSTNAME=$host
ARENA_PROD_HTTPS=$https
ARENA_PROD_HTTP=$http
ARENA_PROD_NET=$net
ARENA_PROD_REDIS=$redis
ARENA_BASE_URL=$url
ARENA_JUDGE_WORKERS=$judges
ARENA_JUDGE_CACHE=$cache
EOF
  [ -z "$concurrency" ] || echo "ARENA_JUDGE_CONCURRENCY=$concurrency" >>"$STATE/config.env"
}

make_certificate() {
  local tls="$STATE/tls" host="$1"
  mkdir -p "$tls"
  if [ -n "${ARENA_TLS_CERT:-}" ] || [ -n "${ARENA_TLS_KEY:-}" ]; then
    [ -r "${ARENA_TLS_CERT:-}" ] || die "ARENA_TLS_CERT: no readable file '${ARENA_TLS_CERT:-}'"
    [ -r "${ARENA_TLS_KEY:-}" ] || die "ARENA_TLS_KEY: no readable file '${ARENA_TLS_KEY:-}'"
    openssl x509 -noout -in "$ARENA_TLS_CERT" 2>/dev/null ||
      die "ARENA_TLS_CERT: $ARENA_TLS_CERT is not a PEM certificate"
    openssl pkey -noout -in "$ARENA_TLS_KEY" 2>/dev/null ||
      die "ARENA_TLS_KEY: $ARENA_TLS_KEY is not a PEM private key"
    say "Using the certificate $ARENA_TLS_CERT"
    cp "$ARENA_TLS_CERT" "$tls/cert.pem"
    write_private "$tls/key.pem" <"$ARENA_TLS_KEY"
    rm -f "$tls/self-signed"
  elif [ ! -f "$tls/cert.pem" ]; then
    say "Generating a self-signed certificate for $host"
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$host" \
      -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
      -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
    chmod 600 "$tls/key.pem"
    touch "$tls/self-signed"
  fi
}

ensure_base() {
  # Every image of the stack starts FROM the base; it is made as `arena judge images` makes it
  # (debootstrap from this machine's APT mirror, as root, then docker import).
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  "$VENV/bin/python" -c 'import docker
from ictjudge.images import ensure_base
ensure_base(docker.from_env(), print)'
}

ensure_wheels() {
  # The Python dependencies as wheels, for the app image's build (build containers may not
  # reach PyPI); remade when pyproject.toml changes. async-timeout: redis needs it on Python
  # before 3.11.3, which Debian 12's 3.11.2 is, and a newer host Python leaves it out.
  local stamp
  stamp="$WHEELS/.pyproject-$(sha256sum pyproject.toml | cut -c1-16)"
  [ -f "$stamp" ] && return 0
  say "Building the wheelhouse of the Python dependencies ($WHEELS)"
  rm -rf "$WHEELS"
  mkdir -p "$WHEELS"
  "$VENV/bin/python" -m pip wheel -q --wheel-dir "$WHEELS" "$ROOT" setuptools wheel async-timeout
  rm -f "$WHEELS"/ictarena-*.whl
  touch "$stamp"
}

container_health() {
  # container_health SERVICE: the health of the service's first container
  local id
  id=$(compose ps -q "$1" | sed -n 1p)  # not head: under pipefail its early exit can fail the pipe
  [ -n "$id" ] || { echo missing; return 0; }
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id"
}

wait_healthy() {
  local service="$1" status=""
  for _ in $(seq 1 120); do
    status=$(container_health "$service")
    [ "$status" = healthy ] && return 0
    sleep 2
  done
  compose logs --tail=40 "$service" >&2 || true
  die "$service did not become healthy within 4 minutes (status: $status)"
}

up() {
  [ "$(id -u)" -eq 0 ] || die "run as root: it installs packages, bootstraps the base image and drives Docker"
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  ensure_docker
  apt_install docker-compose openssl
  ensure_python ""
  make_secrets
  write_config
  load_state
  make_certificate "$ARENA_PROD_HOSTNAME"
  install -d -m 0755 "$ARENA_JUDGE_CACHE"
  ensure_base
  ensure_wheels
  say "Building the images (app, postgres, redis, nginx) from $BASE_IMAGE"
  compose --profile setup build -q
  say "Starting PostgreSQL and Redis"
  compose up -d postgres redis
  wait_healthy postgres
  wait_healthy redis
  say "Setup: migrations, runtime images, bundled problem sets, first admin"
  # the password passes through the environment, not the command line (which ps shows)
  ARENA_ADMIN_PASSWORD="$(cat "$STATE/admin-password")" \
    compose --profile setup run --rm -T -e ARENA_ADMIN_PASSWORD setup
  say "Starting the web processes, the workers and nginx"
  compose up -d --remove-orphans
  wait_healthy nginx
  # a certificate replaced since nginx started (a renewal) is read again
  compose exec -T nginx nginx -s reload 2>/dev/null
  echo
  say "ICT Arena is up at $ARENA_BASE_URL"
  say "The account admin's password at install: $(cat "$STATE/admin-password") (kept in $STATE/admin-password)"
  if [ -f "$STATE/tls/self-signed" ]; then
    printf '\033[1;33mWarning:\033[0m %s\n         %s\n' \
      "the certificate is self-signed: browsers will warn until you install a real one" \
      "(ARENA_TLS_CERT=cert.pem ARENA_TLS_KEY=key.pem bash infra/prod.sh up)" >&2
  fi
}

archive_name() {
  # the archive's name inside the container: its extension chooses the compression
  local name
  name=$(basename "$1")
  case "$name" in
    *.tar | *.tar.gz) printf '%s' "$name" ;;
    *) die "$1: the archive's name must end in .tar or .tar.gz" ;;
  esac
}

backup() {
  # `arena backup` in a web container (a consistent snapshot while the platform runs), the
  # archive streamed out to FILE on this host
  local file="${1:-}" name
  [ -n "$file" ] || die "usage: bash infra/prod.sh backup FILE.tar.gz"
  name=$(archive_name "$file")
  # shellcheck disable=SC2016
  compose exec -T web sh -c 'set -e; d=$(mktemp -d); trap "rm -rf $d" EXIT
    arena backup "$d/$1" >&2; cat "$d/$1"' sh "$name" | write_private "$file.partial"
  mv "$file.partial" "$file"
  say "Backed up to $file (keep $STATE with it: the secrets and the certificate)"
}

restore() {
  # stop the platform, `arena restore` the archive from this host, start again
  local file="${1:-}" force="${2:-}" name
  [ -r "$file" ] || die "usage: bash infra/prod.sh restore FILE [--force] (no readable file '$file')"
  [ -z "$force" ] || [ "$force" = --force ] || die "restore: unknown option '$force'"
  name=$(archive_name "$file")
  say "Stopping the web processes and the workers"
  compose stop nginx judge platform web
  # shellcheck disable=SC2016
  if ! compose run --rm -T --no-deps web sh -c 'set -e; d=$(mktemp -d); trap "rm -rf $d" EXIT
    cat >"$d/$1"; arena restore "$d/$1" $2' sh "$name" "$force" <"$file"; then
    compose up -d
    wait_healthy nginx
    die "nothing was restored (see above); the platform is running again as it was"
  fi
  compose up -d
  wait_healthy nginx
  say "Restored from $file; ICT Arena is up at $ARENA_BASE_URL"
}

status() {
  compose ps
  echo "URL: $ARENA_BASE_URL"
}

main() {
  local command="${1:-}"
  [ $# -gt 0 ] && shift
  case "$command" in
    up) up ;;
    down)
      load_state
      compose --profile setup down --remove-orphans "$@"
      ;;
    logs)
      load_state
      if [[ " $* " == *" --tail"* ]]; then compose logs "$@"; else compose logs --tail=200 "$@"; fi
      ;;
    status)
      load_state
      status
      ;;
    backup)
      load_state
      backup "$@"
      ;;
    restore)
      load_state
      restore "$@"
      ;;
    status-ids)
      # the container ids of a service, one a line
      load_state
      compose ps -q "$@"
      ;;
    compose)
      # docker-compose with the stack's project, file and settings (scripts, the load run)
      load_state
      compose "$@"
      ;;
    https)
      # the published https address, ADDRESS:PORT
      load_state
      echo "$ARENA_PROD_HTTPS"
      ;;
    psql)
      # psql as the database's owner, inside the postgres container
      load_state
      compose exec -T postgres psql -h /tmp -U arena -d arena "$@"
      ;;
    *) die "usage: bash infra/prod.sh up|down [--volumes]|logs [-f] [SERVICE…]|status|psql [ARG…]|compose ARG…|https|backup FILE|restore FILE [--force]" ;;
  esac
}

# sourced (the tests call its functions), it defines them and runs nothing
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
