#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser), when it is missing. Playwright
# (playwright-core, from npm) drives it; nothing is downloaded by npm at install time.
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "browser: installing chromium from Debian (once)" >&2
as_root apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x /usr/bin/chromium ] || { echo "browser: /usr/bin/chromium is still missing after apt-get install chromium" >&2; exit 1; }
