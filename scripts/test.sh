#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs dependencies, brings up PostgreSQL, Redis and
# Dovecot on loopback, type-checks, then runs unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
# package.json pins msgpackr-extract to 3.0.4, the newest version whose platform binaries all
# exist on the registry, so the lockfile is complete and npm ci installs exactly what it locks.
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh
# Debian's Chromium for the browser tests (test/browser), installed with apt when missing.
bash scripts/browser.sh
npx tsc --noEmit
# The CLI runs compiled code (dist/); tests that start it as a process need it current.
npm run --silent build
if [ $# -gt 0 ]; then
  npx vitest run "$@"
else
  npx vitest run --exclude 'test/integration/service-restarts-*.test.ts'
  # They stop and start their own private PostgreSQL, Redis and Dovecot and wait on a worker's timers:
  # run after the rest, so another file's load cannot starve them (in the full parallel run one once hit
  # its 400 s limit). The two files have their own instances each and mostly wait: side by side.
  npx vitest run test/integration/service-restarts-run-once.test.ts test/integration/service-restarts-worker.test.ts
fi
