// PRIVATE PostgreSQL, Redis and Dovecot instances for tests that stop and start a service in the
// middle of a run. The shared services (scripts/services.sh) are never touched: each instance here
// lives in its own temporary directory on its own loopback port and is stopped by the test.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IMAP_PASSWORD } from './services.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, up: boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not go ${up ? 'up' : 'down'}`);
}

const pgBin = () => {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return path.join('/usr/lib/postgresql', versions.at(-1)!, 'bin');
};
/** initdb and postgres refuse to run as root: run them as the `postgres` OS user when we are root. */
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });

export type PrivateService = { port: number; url: string; start: () => Promise<void>; stop: () => Promise<void>; dispose: () => Promise<void> };

export async function privatePostgres(): Promise<PrivateService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'boete-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const bin = pgBin();
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const ctl = (args: string[]) => asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '30', ...args]);
  let running = false;
  const start = async () => {
    if (running) return;
    ctl(['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, '-l', path.join(dir, 'log'), 'start']);
    running = true;
    await waitForPort(port, true);
  };
  const stop = async () => {
    // Fast shutdown: every session gets 57P01 (terminating connection due to administrator command).
    ctl(['-m', 'fast', 'stop']);
    running = false;
    await waitForPort(port, false);
  };
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      if (running) await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function privateRedis(): Promise<PrivateService> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, true);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop, dispose: stop };
}

export async function privateDovecot(): Promise<PrivateService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'boete-dovecot-'));
  const port = await freePort();
  mkdirSync(path.join(dir, 'mail'));
  mkdirSync(path.join(dir, 'run'));
  const uid = Number(execFileSync('id', ['-u', 'boetemail']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'boetemail']).toString().trim());
  chownSync(path.join(dir, 'mail'), uid, gid);
  chmodSync(dir, 0o755);
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
instance_name = boete-test-${port}
shutdown_clients = yes
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = ${uid}
mail_max_userip_connections = 200
passdb {
  driver = static
  args = password=${IMAP_PASSWORD}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 256
}
`,
  );
  let running = false;
  const start = async () => {
    if (running) return;
    execFileSync('dovecot', ['-c', conf], { stdio: 'ignore' });
    running = true;
    await waitForPort(port, true);
  };
  const stop = async () => {
    // `dovecot stop` leaves running IMAP sessions alone: first end this instance's own processes
    // (their titles start with its instance_name) by pid, as a crash of the server would.
    let pids: number[] = [];
    try {
      pids = execFileSync('pgrep', ['-f', `^dovecot-boete-test-${port}/`]).toString().split('\n').filter(Boolean).map(Number);
    } catch {
      // none running
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    execFileSync('dovecot', ['-c', conf, 'stop'], { stdio: 'ignore' });
    running = false;
    await waitForPort(port, false);
  };
  await start();
  return {
    port,
    url: `imap://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      if (running) await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
