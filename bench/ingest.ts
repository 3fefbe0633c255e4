// End-to-end throughput of `boete run --once` on text-PDF fines: N mails (one generated fine each)
// are appended to a fresh Dovecot mailbox, then the real CLI runs in a child process, which is timed
// and whose peak RSS (VmHWM, which covers its worker threads) is read from /proc.
//
//   bash scripts/services.sh && node --import tsx bench/ingest.ts [N ...]     (default: 100 1000)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { buildMail } from '../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../fixtures/fine-truth.js';
import { renderFinePdf } from '../fixtures/render-fine-pdf.js';

const BIN = path.resolve(import.meta.dirname, '../bin/boete.mjs');
const PG = 'postgres://postgres@127.0.0.1:5432';
const IMAP = { host: '127.0.0.1', port: 1143, secure: false, doSTARTTLS: false, logger: false as const };
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

function peakRssMb(pid: number): number {
  const status = procFile(`/proc/${pid}/status`);
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

// Synchronous: a /proc file is read in one system call, where the promise API took four hops through
// libuv's pool for each, and the bench itself used ~3 s of CPU beside the run it measures.
const procFile = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
const procDir = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const ticks = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};

/**
 * CPU seconds per thread of the boete process (the main thread's id is the pid; worker threads
 * are all named "node", the busiest others are the parse threads), and of the PostgreSQL backends
 * serving the bench's database and the Dovecot imap processes started meanwhile (another session's
 * IMAP logins would be counted too), sampled while the run lasts: the 2 cores are shared by all.
 */
class CpuSampler {
  readonly threads = new Map<number, number>();
  /** Each thread's name (comm): "node" for the main and worker threads, V8's and libuv's helpers by theirs. */
  readonly names = new Map<number, string>();
  /** The main thread's system time (socket writes and reads, futex wake-ups) apart. */
  mainSystem = 0;
  readonly postgres = new Map<number, number>();
  readonly imap = new Map<number, number>();
  private readonly imapBefore = new Set<number>();
  /** Processes that are neither: not read again (reading every cmdline each time cost the bench itself CPU beside the run). */
  private readonly ignored = new Set<number>();
  constructor(private readonly dbName: string) {}
  async start() {
    for (const pid of this.pids()) if (this.cmdline(pid).startsWith('dovecot/imap')) this.imapBefore.add(pid);
  }
  private pids() {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  }
  private cmdline(pid: number) {
    return procFile(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').trim();
  }
  sample(child: number) {
    for (const tid of procDir(`/proc/${child}/task`)) {
      const stat = procFile(`/proc/${child}/task/${tid}/stat`);
      this.threads.set(Number(tid), Math.max(this.threads.get(Number(tid)) ?? 0, ticks(stat)));
      if (stat && !this.names.has(Number(tid))) this.names.set(Number(tid), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      if (Number(tid) === child && stat) this.mainSystem = Math.max(this.mainSystem, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12] ?? 0) / 100);
    }
    for (const pid of this.pids()) {
      if (this.ignored.has(pid)) continue;
      const cmd = this.cmdline(pid);
      const into = cmd.includes(` ${this.dbName} `) ? this.postgres : cmd.startsWith('dovecot/imap') && !this.imapBefore.has(pid) ? this.imap : null;
      // A PostgreSQL backend or Dovecot process just forked may not show its title yet: looked at again.
      if (!into && !/postgres|dovecot/.test(cmd)) this.ignored.add(pid);
      if (!into) continue;
      const s = ticks(procFile(`/proc/${pid}/stat`));
      into.set(pid, Math.max(into.get(pid) ?? 0, s));
    }
  }
  summary(child: number) {
    const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const others = [...this.threads].filter(([tid]) => tid !== child).map(([, s]) => s).sort((a, b) => b - a);
    return {
      main: this.threads.get(child) ?? 0,
      mainSystem: this.mainSystem,
      busiestThreads: others.slice(0, 3),
      restThreads: others.slice(3).reduce((a, b) => a + b, 0),
      byName: [...this.threads]
        .filter(([tid]) => tid !== child)
        .reduce((m, [tid, s]) => m.set(this.names.get(tid) ?? '?', (m.get(this.names.get(tid) ?? '?') ?? 0) + s), new Map<string, number>()),
      postgres: sum(this.postgres),
      imap: sum(this.imap),
    };
  }
}

/** CPU seconds (user + system, all threads) the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = procFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function boete(args: string[], env: Record<string, string>, sampler?: CpuSampler, onPid?: (pid: number) => void): Promise<{ seconds: number; peakMb: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : []), BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    onPid?.(child.pid!);
    let peakMb = 0;
    let cpu = 0;
    // VmHWM and CPU time only grow, so the last sample before exit is the figure (to within one interval).
    const timer = setInterval(() => {
      peakMb = Math.max(peakMb, peakRssMb(child.pid!));
      cpu = Math.max(cpu, cpuSeconds(child.pid!));
    }, 50);
    const threadTimer = sampler ? setInterval(() => sampler.sample(child.pid!), 100) : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      clearInterval(threadTimer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, peakMb, cpu });
      else reject(new Error(`boete ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function run(n: number) {
  const id = randomBytes(3).toString('hex');
  const dbName = `boete_bench_${id}`;
  const user = `bench-${id}`;
  const env = {
    DATABASE_URL: `${PG}/${dbName}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    BOETE_QUEUE_PREFIX: `boete-bench-${id}`,
    BOETE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
  const { writeFile, mkdtemp } = await import('node:fs/promises');
  const dir = await mkdtemp('/tmp/boete-bench-');
  await writeFile(
    `${dir}/setup.json`,
    JSON.stringify({
      mailboxes: [{ name: 'bench', host: IMAP.host, port: IMAP.port, secure: false, user, password: 'boete-test', folder: 'INBOX', client: 'acme' }],
      clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' }],
    }),
  );
  await boete(['migrate'], env);
  await boete(['setup', 'import', `${dir}/setup.json`], env);

  const imap = new ImapFlow({ ...IMAP, auth: { user, pass: 'boete-test' } });
  await imap.connect();
  for (let i = 0; i < n; i++) {
    const fine = makeFine(LAYOUTS[i % LAYOUTS.length]!, 100_000 + i);
    const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${i}.pdf`, content: await renderFinePdf(fine) }] });
    await imap.append('INBOX', raw, [], new Date(Date.now() - (n - i) * 1000));
  }
  await imap.logout();

  const sampler = new CpuSampler(dbName);
  await sampler.start();
  const startedAt = Date.now();
  let childPid = 0;
  const benchCpuBefore = process.cpuUsage();
  const { seconds, peakMb, cpu } = await boete(['run', '--once'], env, sampler, (pid) => (childPid = pid));
  const benchOwn = process.cpuUsage(benchCpuBefore);
  const benchCpu = (benchOwn.user + benchOwn.system) / 1e6;
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM documents WHERE status = 'assessed'");
  // Where the time went: when the last mail was stored, the last document read, the last assessed.
  const phase = async (q: string) => (Number((await db.query<{ t: Date }>(q)).rows[0]?.t ?? 0) - startedAt) / 1000;
  const phases = {
    firstStored: await phase('SELECT min(created_at) AS t FROM received_mails'),
    lastStored: await phase('SELECT max(created_at) AS t FROM received_mails'),
    lastRead: await phase('SELECT max(read_at) AS t FROM extracted_fields'),
    lastAssessed: await phase('SELECT max(assessed_at) AS t FROM assessments'),
  };
  await db.end();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  const assessed = Number(rows[0]?.n ?? 0);
  return { n, assessed, seconds, docsPerSecond: assessed / seconds, peakMb, cpu, phases, threads: sampler.summary(childPid), benchCpu };
}

const results = [];
for (const n of sizes.length > 0 ? sizes : [100, 1000]) {
  const r = await run(n);
  results.push(r);
  console.log(
    `N=${String(r.n).padStart(5)}  assessed=${String(r.assessed).padStart(5)}  ${r.seconds.toFixed(1).padStart(6)} s  ` +
      `${r.docsPerSecond.toFixed(1).padStart(6)} docs/s  ${(r.seconds / r.n * 1000).toFixed(1).padStart(6)} ms/doc  peak RSS ${r.peakMb.toFixed(0)} MB  CPU ${r.cpu.toFixed(1)} s\n` +
      `         first mail stored ${r.phases.firstStored.toFixed(1)} s, last stored ${r.phases.lastStored.toFixed(1)} s, ` +
      `last read ${r.phases.lastRead.toFixed(1)} s, last assessed ${r.phases.lastAssessed.toFixed(1)} s\n` +
      `         CPU s: main thread ${r.threads.main.toFixed(1)} (system ${r.threads.mainSystem.toFixed(1)}), busiest other threads ${r.threads.busiestThreads.map((s) => s.toFixed(1)).join(' ')}, ` +
      `the rest ${r.threads.restThreads.toFixed(1)}; PostgreSQL backends ${r.threads.postgres.toFixed(1)}, Dovecot imap ${r.threads.imap.toFixed(1)}; this bench (sampling) ${r.benchCpu.toFixed(1)}\n` +
      `         other threads by name: ${[...r.threads.byName].sort((a, b) => b[1] - a[1]).map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')}`,
  );
}
console.log('(wall time of `boete run --once` including process start and migrations check; target ≥ 100 docs/s at N = 1,000, RSS < 500 MB; CPU = user + system of that process, worker threads included, not PostgreSQL)');
