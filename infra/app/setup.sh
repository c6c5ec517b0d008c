#!/usr/bin/env bash
# The production stack's one-shot setup (compose service `setup`, run by `infra/prod.sh up` at
# install and upgrade): migrations and seeds, the judge's runtime images on the host engine
# (rebuilt only when a recipe changed), the bundled problem sets, and the first admin.
set -euo pipefail
cd /srv/arena
echo "setup: applying the database migrations and seeding the tracks"
arena db upgrade
echo "setup: the judge's runtime images (kept when up to date)"
arena judge images
sets=()
for dir in problem_sets/*/; do
  [ -f "$dir/set.yaml" ] && sets+=("${dir%/}")
done
if [ ${#sets[@]} -gt 0 ]; then
  echo "setup: importing the bundled problem sets: ${sets[*]}"
  arena problems import "${sets[@]}"
fi
if [ -n "${ARENA_ADMIN_PASSWORD:-}" ]; then
  if output=$(ARENA_PASSWORD="$ARENA_ADMIN_PASSWORD" arena user create admin --role admin \
    --name Administrator 2>&1); then
    echo "setup: created the account admin"
  elif grep -q "already taken" <<<"$output"; then
    echo "setup: the account admin exists; its password is kept"
  else
    printf '%s\n' "$output" >&2
    exit 1
  fi
fi
echo "setup: done"
