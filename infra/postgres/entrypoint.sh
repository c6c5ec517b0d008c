#!/usr/bin/env bash
# First start: make the cluster with the superuser `arena` and the database `arena`; then serve.
set -euo pipefail
: "${ARENA_DB_PASSWORD:?ARENA_DB_PASSWORD is not set}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "arena-postgres: creating the cluster in $PGDATA"
  pwfile=$(mktemp)
  printf '%s\n' "$ARENA_DB_PASSWORD" >"$pwfile"
  initdb --username=arena --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE arena;" | postgres --single -D "$PGDATA" -j template1 >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp
