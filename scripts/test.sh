#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs dependencies, brings up PostgreSQL, Redis and
# Dovecot on loopback, type-checks, then runs unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm ci refuses this lockfile because the registry mirror lacks msgpackr-extract's optional
# platform binaries; npm install then installs the same locked versions.
[ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund
bash scripts/services.sh
npx tsc --noEmit
# The CLI runs compiled code (dist/); tests that start it as a process need it current.
npm run --silent build
npx vitest run "$@"
