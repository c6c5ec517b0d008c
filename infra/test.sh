#!/usr/bin/env bash
# The whole test suite against real PostgreSQL, Redis and Docker: installs and starts what is
# missing, runs the static checks, then pytest. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_python dev
ensure_postgres
ensure_redis
ensure_docker
# Browser tests drive Debian's Chromium (no browser download is possible here); CJK fonts let
# the screenshots show the Chinese pages.
apt_install chromium fonts-noto-cjk pandoc
bash "$ROOT/infra/check.sh"
say "Judge runtime images (built locally from the OS package mirror when missing)"
"$VENV/bin/arena" judge images
say "pytest"
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  die "pytest collected no tests"
fi
# The production stack from this checkout, end to end over https (infra/prod-smoke.sh); set
# ARENA_SKIP_PROD_SMOKE=1 to leave it out of a local run. It runs after pytest, whatever
# pytest's outcome, so one run reports both.
if [ "${ARENA_SKIP_PROD_SMOKE:-0}" != 1 ] && [ $# -eq 0 ]; then
  say "Production stack smoke test"
  bash "$ROOT/infra/prod-smoke.sh" || { [ "$status" -ne 0 ] || status=1; }
fi
exit "$status"
