#!/usr/bin/env bash
# The main job end to end on this machine: installs what it needs, starts the services, puts a few
# generated fine mails into a local Dovecot mailbox, ingests, decides, and prints the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
# package.json pins msgpackr-extract to 3.0.4, the newest version whose platform binaries all
# exist on the registry, so the lockfile is complete and npm ci installs exactly what it locks.
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh
npm run --silent build
if [ -z "${DATABASE_URL:-}" ]; then
  # The demo's own database and queues start empty on every run, so the table shows this run only
  # (a second run would otherwise list yesterday's files and their rescans as duplicates).
  psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS boete_demo WITH (FORCE)' >/dev/null 2>&1 || true
  { redis-cli -h 127.0.0.1 --scan --pattern 'boete-demo:*' | xargs -r redis-cli -h 127.0.0.1 del; } >/dev/null 2>&1 || true
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/boete_demo BOETE_QUEUE_PREFIX=boete-demo
fi
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export BOETE_QUEUE_PREFIX="${BOETE_QUEUE_PREFIX:-boete}"
export BOETE_LOG_LEVEL="${BOETE_LOG_LEVEL:-warn}"
work="$(mktemp -d)"
node --import tsx fixtures/demo.ts "$work"
npx boete migrate
npx boete setup import "$work/setup.json"
npx boete contracts import "$work/contracts.csv"
npx boete run --once
npx boete export --format table
echo "Setup, contracts and sample mails: $work  (JSON: npx boete export --format json)"
# The operators' and clients' server, with a demo login (only when the demo has its own database).
if [ "${DATABASE_URL}" = "postgres://postgres@127.0.0.1:5432/boete_demo" ]; then
  echo 'demo-password-1' | npx boete users add --email operator@demo.test --role operator --password-stdin >/dev/null 2>&1 || true
  echo "Starting boete serve: open http://127.0.0.1:${BOETE_DEMO_PORT:-3000}/ (review queue, search, dashboard; API docs at /api/docs); demo login operator@demo.test / demo-password-1. Ctrl-C stops it."
  exec npx boete serve --port "${BOETE_DEMO_PORT:-3000}"
fi
