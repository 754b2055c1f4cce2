#!/usr/bin/env bash
# Load test: gunicorn (2 workers) + PostgreSQL + Redis + one Celery worker, a province-sized dataset,
# locust's mixed journey headless; then waits for every queued document and final memo PDF.
#
#   .venv/bin/pip install -r bench/requirements.txt     # once: locust
#   bash bench/load/run.sh                              # 50 users, 5 minutes
#   USERS=20 DURATION=1m bash bench/load/run.sh         # a shorter try
#   LOAD_WAIT=5,15 bash bench/load/run.sh               # think time between a user's clicks (default 1,4 s)
#   GUNICORN_ARGS="--workers 2 --threads 4" bash bench/load/run.sh
#
# Uses only the database ita_load on 127.0.0.1:5432 (created if missing, never dropped) and Redis
# database 3 (flushed at the start); media under /tmp/ita_load_media. Output in var/load/run-<time>/.
# Figures and how to read them: bench/RESULTS.md, "Load test, province-sized".
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-5}
DURATION=${DURATION:-5m}
PORT=${PORT:-8731}
GUNICORN_ARGS=${GUNICORN_ARGS:---workers 2}
DRAIN_LIMIT=${DRAIN_LIMIT:-600}   # seconds to wait for the queue after the run before giving up
OUT=${OUT:-var/load/run-$(date -u +%Y%m%dT%H%M%SZ)}
PY=.venv/bin/python

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_load
export CELERY_BROKER_URL=redis://127.0.0.1:6379/3
export DEBUG=0 SECRET_KEY=load-test-only-not-secret ALLOWED_HOSTS=127.0.0.1,localhost
# Plain HTTP on loopback: no TLS proxy in front, so no HTTPS redirect, secure cookies or HSTS.
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 BEHIND_TLS_PROXY=0 SECURE_HSTS_SECONDS=0
export MEDIA_ROOT=/tmp/ita_load_media STATIC_ROOT=/tmp/ita_load_static MEMO_SIGNING_DIR=/tmp/ita_load_signing
export EMAIL_BACKEND=console LOG_LEVEL=WARNING SITE_URL=http://127.0.0.1:$PORT
mkdir -p "$OUT" "$MEDIA_ROOT"

psql_load() { psql -h 127.0.0.1 -U postgres -d ita_load -Atc "$1"; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "== database ita_load, catalogue, dataset"
if [ -z "$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'ita_load'")" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE ita_load" >/dev/null
fi
$PY manage.py migrate --verbosity 0
$PY manage.py load_catalogue >/dev/null
/usr/bin/time -f "make_dataset: %e s" $PY bench/load/make_dataset.py --users-out var/load/users.json
$PY manage.py collectstatic --noinput --verbosity 0
redis-cli -n 3 FLUSHDB >/dev/null

echo "== celery worker (--concurrency 2), gunicorn ($GUNICORN_ARGS) on 127.0.0.1:$PORT"
.venv/bin/celery -A ita_portal worker --concurrency 2 --loglevel=WARNING --without-gossip --without-mingle \
  -n "load-$$@%h" >"$OUT/celery.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086  # GUNICORN_ARGS is a list of options
.venv/bin/gunicorn ita_portal.wsgi --bind "127.0.0.1:$PORT" $GUNICORN_ARGS >"$OUT/gunicorn.log" 2>&1 &
gunicorn_pid=$!
pids+=($gunicorn_pid)
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$PORT/health/" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health/"; echo
sleep 5  # the worker's pool processes warm up WeasyPrint and the fonts
# A fresh web process pays ~1.5 s on its first analysis page (matplotlib, fonts, the Thai dictionary):
# a few requests per page first, as a server that has been up for a while would have had.
$PY - "$PORT" <<'WARM'
import json, re, sys, requests
port = sys.argv[1]
data = json.load(open("var/load/users.json"))
user = next(u for u in data["users"] if u["role"] == "coordinator")
s = requests.Session()
base = f"http://127.0.0.1:{port}"
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', s.get(f"{base}/login/").text).group(1)
s.post(f"{base}/login/", {"csrfmiddlewaretoken": token, "username": user["username"], "password": data["password"]})
for _ in range(8):
    for path in ("/", f"/agencies/{user['agency_id']}/plans/{user['fiscal_year']}/",
                 f"/agencies/{user['agency_id']}/results/{user['assessment_year']}/", "/inbox/",
                 f"/measures/{user['measure_ids'][0]}/progress/12/"):
        assert s.get(base + path).status_code == 200, path
s.post(f"{base}/logout/", {"csrfmiddlewaretoken": s.cookies.get("csrftoken", "")})
print("warmed up: 40 requests")
WARM

started_at=$(psql_load "SELECT now()")
echo "== locust: $USERS users (spawn $SPAWN_RATE/s) for $DURATION, think time ${LOAD_WAIT:-1,4} s; load before: $(uptime)"
(while sleep 15; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; done) >"$OUT/loadavg.log" &
pids+=($!)
LOAD_LOG="$OUT/requests.csv" .venv/bin/locust -f bench/load/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" --html "$OUT/locust.html" --only-summary \
  >"$OUT/locust.log" 2>&1 || echo "locust exited $? (failures recorded; see $OUT/locust.log)"
ended=$(date +%s.%N)
echo "load at the end: $(uptime)"
# Stop gunicorn first (gracefully): requests still waiting in its backlog when locust stopped would
# otherwise queue more work after the clock started. The worker keeps draining the queue.
kill -TERM "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true

echo "== waiting for the queue (documents queued/rendering, final memo PDFs rendering)"
pending_sql="SELECT (SELECT count(*) FROM reports_generateddocument WHERE status IN ('queued','rendering'))
                  + (SELECT count(*) FROM reports_memo WHERE final = 'rendering')"
pending=$(psql_load "$pending_sql")
echo "pending at the end of the run: $pending"
while [ "$pending" -gt 0 ]; do
  if (($(echo "$(date +%s.%N) - $ended > $DRAIN_LIMIT" | bc))); then
    echo "still $pending pending after ${DRAIN_LIMIT}s"; break
  fi
  sleep 0.5
  pending=$(psql_load "$pending_sql")
done
drained=$(echo "$(date +%s.%N) - $ended" | bc)
printf 'queue drained %.1f s after the end of the run\n' "$drained" | tee "$OUT/drain.txt"

$PY bench/load/summary.py "$OUT" --since "$started_at" --drained "$drained" --steady-after "${STEADY_AFTER:-60}" \
  | tee "$OUT/summary.md"
