#!/usr/bin/env bash
# Static checks: ruff format, ruff lint, mypy (strict) on the source.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "ruff check"
"$VENV/bin/ruff" check .
say "mypy"
"$VENV/bin/mypy"
