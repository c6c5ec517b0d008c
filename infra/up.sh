#!/usr/bin/env bash
# Bring ICT Arena up on this machine in embedded mode (SQLite, in-process queue, Docker judge):
# installs what is missing, then runs `arena up`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_python ""
ensure_docker
exec "$VENV/bin/arena" up "$@"
