#!/usr/bin/env bash
# A compressed mock contest against the production stack, through its proxy, with faults if
# asked; prints the figures the README reports. The stack must be up (bash infra/prod.sh up)
# with two web processes and two judge workers.
#
#   bash benchmarks/load/run.sh [--students 300] [--minutes 10] [--chaos] [--out DIR]
#
# --chaos, during the load: kills a judge worker (it is started again a minute later),
# restarts PostgreSQL, flushes Redis, restarts a web process; one fault a minute from the
# second minute. After the load the script waits for the queue to drain (at most 30 minutes),
# then reads the database's record and checks that nothing was lost or recorded twice.
set -euo pipefail
source "$(dirname "$0")/../../infra/lib.sh"
cd "$ROOT"

STUDENTS=300
MINUTES=10
CHAOS=0
OUT="$ROOT/var/load/$(date +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --students) STUDENTS="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --chaos) CHAOS=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    *) die "unknown option $1 (see the head of $0)" ;;
  esac
done
mkdir -p "$OUT"

prod() { bash "$ROOT/infra/prod.sh" "$@"; }
stack() { prod compose "$@"; }
HTTPS=$(prod https)
URL="https://127.0.0.1:${HTTPS##*:}"

ensure_python dev
"$VENV/bin/python" -c "import locust" 2>/dev/null || {
  say "Installing the load tools (locust)"
  "$VENV/bin/pip" install -q -e ".[dev,load]"
}

say "Seeding $STUDENTS students and the mock contest"
stack exec -T web python - --students "$STUDENTS" --minutes $((MINUTES + 60)) \
  <benchmarks/load/seed.py >"$OUT/plan.json"

container() { stack ps -q "$1" | sed -n "${2:-1}p"; }

chaos() {
  sleep 120
  say "chaos: killing a judge worker"
  docker kill "$(container judge 1)" >/dev/null
  date +%s >>"$OUT/chaos.log"; echo "killed a judge worker" >>"$OUT/chaos.log"
  sleep 60
  stack up -d --no-recreate --scale judge=2 --scale web=2 judge >/dev/null 2>&1
  say "chaos: restarting PostgreSQL"
  stack restart postgres >/dev/null 2>&1
  echo "$(date +%s) restarted PostgreSQL" >>"$OUT/chaos.log"
  sleep 60
  say "chaos: flushing Redis"
  stack exec -T redis redis-cli FLUSHALL >/dev/null
  echo "$(date +%s) flushed Redis" >>"$OUT/chaos.log"
  sleep 60
  say "chaos: restarting a web process"
  docker restart "$(container web 1)" >/dev/null
  echo "$(date +%s) restarted a web process" >>"$OUT/chaos.log"
}

if [ "$CHAOS" = 1 ]; then
  chaos &
  CHAOS_PID=$!
fi

say "Load: $STUDENTS students for $MINUTES minutes on $URL"
(
  cd "$OUT"
  ARENA_LOAD_PLAN="$OUT/plan.json" ARENA_LOAD_SUBMISSIONS="$OUT/submissions.csv" \
    "$VENV/bin/locust" -f "$ROOT/benchmarks/load/locustfile.py" --headless \
    -u "$STUDENTS" -r 5 -t "${MINUTES}m" --host "$URL" --csv "$OUT/locust" \
    --only-summary --loglevel WARNING >"$OUT/locust.log" 2>&1 || true
)
ENDED=$(date +%s)
if [ "${CHAOS_PID:-}" ]; then
  wait "$CHAOS_PID" || true
  stack up -d --no-recreate --scale judge=2 --scale web=2 >/dev/null 2>&1 || true
fi

say "Waiting for the queue to drain"
for _ in $(seq 1 180); do
  stack exec -T web python - <benchmarks/load/facts.py >"$OUT/facts.json" 2>/dev/null || true
  left=$("$VENV/bin/python" - "$OUT/facts.json" <<'EOF'
import json, sys
try:
    subs = json.load(open(sys.argv[1]))["submissions"]
except Exception:
    print(-1)
else:
    print(sum(1 for s in subs if not any(j["valid"] and j["finished_at"] for j in s["judgings"])))
EOF
)
  [ "$left" = 0 ] && break
  sleep 10
done

say "Figures ($OUT)"
"$VENV/bin/python" benchmarks/load/analyse.py --client "$OUT/submissions.csv" \
  --facts "$OUT/facts.json" --load-ended "$ENDED" --markdown | tee "$OUT/figures.md"
