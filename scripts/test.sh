#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs dependencies, brings up PostgreSQL, Redis and
# Dovecot on loopback, type-checks, then runs unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
# package.json pins msgpackr-extract to 3.0.4, the newest version whose platform binaries all
# exist on the registry, so the lockfile is complete and npm ci installs exactly what it locks.
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh
npx tsc --noEmit
# The CLI runs compiled code (dist/); tests that start it as a process need it current.
npm run --silent build
npx vitest run "$@"
