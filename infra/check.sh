#!/usr/bin/env bash
# Static checks: ruff format, ruff lint, mypy (strict) on the source, and the import contracts
# (layers, the judge standing alone, the web layer apart) of pyproject.toml.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "ruff check"
"$VENV/bin/ruff" check .
say "mypy"
"$VENV/bin/mypy"
say "lint-imports"
"$VENV/bin/lint-imports"
