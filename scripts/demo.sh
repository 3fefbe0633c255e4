#!/usr/bin/env bash
# The main job end to end on this machine: installs what it needs, starts the services, puts a few
# generated fine mails into a local Dovecot mailbox, ingests, decides, and prints the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm ci refuses this lockfile because the registry mirror lacks msgpackr-extract's optional
# platform binaries; npm install then installs the same locked versions.
[ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund
bash scripts/services.sh
npm run --silent build
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/boete_demo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export BOETE_QUEUE_PREFIX="${BOETE_QUEUE_PREFIX:-boete-demo}"
export BOETE_LOG_LEVEL="${BOETE_LOG_LEVEL:-warn}"
work="$(mktemp -d)"
node --import tsx fixtures/demo.ts "$work"
npx boete migrate
npx boete setup import "$work/setup.json"
npx boete contracts import "$work/contracts.csv"
npx boete run --once
npx boete export --format table
echo "Setup, contracts and sample mails: $work  (JSON: npx boete export --format json)"
