#!/usr/bin/env bash
# Builds the app, starts it in production mode on a fresh Postgres database, and checks that it serves,
# seeds once, and keeps its data across a restart.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=attest_ci_smoke
URL="postgres://postgres@127.0.0.1:5432/$DB"
PORT=3190
LOG=$(mktemp)
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)"
npm run build >/dev/null

start() {
  DATABASE_URL="$URL" PORT=$PORT SESSION_SECRET=ci-smoke-secret-0123456789-0123456789 ATTEST_KEY_SECRET=ci-smoke-key-secret-0123456789-0123456789 \
    NODE_ENV=production node_modules/.bin/tsx server/index.ts >"$LOG" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 60); do
    if curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null; then return 0; fi
    sleep 1
  done
  cat "$LOG"; echo "server did not become ready"; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" || true; }

start
curl -fs "http://127.0.0.1:$PORT/healthz" | grep -q '"ok"'
curl -fs "http://127.0.0.1:$PORT/readyz" | grep -q '"driver":"postgres"'
test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/login")" = 200
grep -q "admin@helios.example" "$LOG" || { cat "$LOG"; echo "demo data was not seeded"; exit 1; }
stop
start
if grep -q "Demo sign-ins" "$LOG"; then echo "seeded twice"; exit 1; fi
stop
DATABASE_URL="$URL" npm run -s audit:verify
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)"
echo "smoke test on PostgreSQL passed"
