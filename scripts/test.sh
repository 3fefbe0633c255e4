#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs dependencies, brings up PostgreSQL, Redis and
# Dovecot on loopback, type-checks, then runs unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh
npx tsc --noEmit
npx vitest run "$@"
