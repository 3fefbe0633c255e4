#!/usr/bin/env bash
# Brings up the real services the tests and the demo talk to, on loopback only:
#   PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379 (started if down; installed by the machine image)
#   Dovecot IMAP 127.0.0.1:${BOETE_TEST_IMAP_PORT:-1143} (installed from Debian if missing, own config)
# Idempotent: safe to call from every test run. Prints nothing on success unless VERBOSE=1.
set -euo pipefail

IMAP_PORT="${BOETE_TEST_IMAP_PORT:-1143}"
STATE_DIR="${BOETE_DOVECOT_DIR:-/tmp/boete-dovecot}"
# Every login with this password is accepted and gets its own maildir: tests isolate themselves
# by using a fresh user name instead of sharing one mailbox.
IMAP_PASSWORD="${BOETE_TEST_IMAP_PASSWORD:-boete-test}"

say() { [ "${VERBOSE:-0}" = 1 ] && echo "services: $*" >&2 || true; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start \
    </dev/null >/dev/null 2>&1
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 0.2; done
  echo "services: PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  say "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log </dev/null >/dev/null 2>&1
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 0.2; done
  echo "services: Redis did not come up on 127.0.0.1:6379" >&2; exit 1
}

imap_up() { (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null; }

ensure_dovecot() {
  if imap_up; then return; fi
  if ! command -v dovecot >/dev/null 2>&1; then
    say "installing dovecot-imapd from Debian"
    as_root apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
    # The package starts a system-wide instance on 143/993 when it can; we run our own below.
    as_root service dovecot stop >/dev/null 2>&1 || true
  fi
  id boetemail >/dev/null 2>&1 || as_root useradd --system --no-create-home --shell /usr/sbin/nologin boetemail
  as_root mkdir -p "$STATE_DIR/mail" "$STATE_DIR/run"
  as_root chown boetemail:boetemail "$STATE_DIR/mail"
  local uid gid
  uid=$(id -u boetemail); gid=$(id -g boetemail)
  as_root tee "$STATE_DIR/dovecot.conf" >/dev/null <<CONF
# Test/demo IMAP server for boete: loopback only, plain-text logins allowed because nothing
# leaves the machine. Not a production configuration.
protocols = imap
listen = 127.0.0.1
base_dir = $STATE_DIR/run
state_dir = $STATE_DIR/run
log_path = $STATE_DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$STATE_DIR/mail/%u
first_valid_uid = $uid
mail_max_userip_connections = 200
passdb {
  driver = static
  args = password=$IMAP_PASSWORD
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$STATE_DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 256
}
CONF
  say "starting Dovecot on 127.0.0.1:$IMAP_PORT"
  # Daemons must not inherit our stdout/stderr: a caller reading this script's output through a pipe
  # (CI, `| tail`) would otherwise wait for Dovecot to exit before it sees end-of-file.
  as_root dovecot -c "$STATE_DIR/dovecot.conf" </dev/null >/dev/null 2>&1
  for _ in $(seq 1 50); do imap_up && return; sleep 0.2; done
  echo "services: Dovecot did not come up on 127.0.0.1:$IMAP_PORT; see $STATE_DIR/dovecot.log" >&2; exit 1
}

ensure_postgres
ensure_redis
ensure_dovecot
say "PostgreSQL, Redis and Dovecot are up"
