# Shared by infra/up.sh and infra/test.sh: say what we do, install what is missing.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export DEBIAN_FRONTEND=noninteractive
# no service-restart report after each install: it is noise in the progress output
export NEEDRESTART_SUSPEND=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mError:\033[0m %s\n' "$*" >&2; exit 1; }

apt_install() {
  # apt_install PKG... : install the Debian packages that are not installed yet.
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
  say "Installing OS packages: ${missing[*]}"
  # Wait for another apt/dpkg run to finish instead of failing on its lock.
  local lock=(-o DPkg::Lock::Timeout=600)
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get "${lock[@]}" update -qq; _APT_UPDATED=1; fi
  apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
}

ensure_python() {
  # A virtual environment with the project installed (extras: "$1", e.g. "dev").
  local extras="${1:-}"
  local python=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  [ -n "$python" ] || { apt_install python3 python3-venv; python=python3; }
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "Python 3.11 or newer is needed"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment in .venv"
    "$python" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; "$python" -m venv "$VENV"; }
  fi
  local spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  local stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    say "Installing Python dependencies (pip install -e .${extras:+[$extras]})"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$spec"
    touch "$stamp"
  fi
}

ensure_docker() {
  bash "$ROOT/infra/docker-engine.sh"
}

ensure_postgres() {
  # A PostgreSQL server on 127.0.0.1:5432 that trusts local connections (tests only).
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  apt_install postgresql postgresql-client
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || die "PostgreSQL installed but no cluster found in /etc/postgresql"
  say "Starting PostgreSQL $version"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  die "PostgreSQL did not start"
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  apt_install redis-server redis-tools
  say "Starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/arena.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
  die "Redis did not start"
}
