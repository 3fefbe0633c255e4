// Time and memory of the real `boete contracts import` on a large client file: generates a contract
// CSV the way a Belgian back office exports it from Excel (";" separated, Windows-1252, CRLF,
// quoted addresses), 240,000 rows / about 50 MB by default, imports it into a fresh database as a
// child process, and prints wall time and peak RSS (VmHWM from /proc). Then imports it again
// (every row unchanged) and once more with one bad row at the end (nothing may be imported).
//
//   bash scripts/services.sh && npm run build && node --import tsx bench/contracts-import.ts [ROWS]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const BIN = path.resolve(import.meta.dirname, '../bin/boete.mjs');
const PG = 'postgres://postgres@127.0.0.1:5432';
const rows = Number(process.argv[2] ?? 240_000);

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function boete(args: string[], env: Record<string, string>): Promise<{ code: number | null; seconds: number; peakMb: number; out: string }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    let peakMb = 0;
    // VmHWM only grows, so the last sample before exit is the peak (to within one interval).
    const timer = setInterval(() => void peakRssMb(child.pid!).then((mb) => (peakMb = Math.max(peakMb, mb))), 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb, out: out.trim() });
    });
  });
}

const FIRST = ['Françoise', 'Jürgen', 'Anaïs', 'Jan', 'Marie', 'Noël', 'Søren', 'Zoë', 'Luc', 'Hélène'];
const LAST = ['Müller', 'Peeters', 'Dubois', 'Janssens', 'Lefèvre', "D'Hondt", 'Vermeulen', 'Goossens', 'Maes', 'Çelik'];
const STREETS = ['Kerkstraat', 'Rue de la Loi', 'Grote Markt', 'Chaussée de Wavre', 'Stationsstraat', 'Place Flagey'];
const CITIES = ['2000 Antwerpen', '1000 Bruxelles', '9000 Gent', '4000 Liège', '8000 Brugge', '3000 Leuven'];

/** One Excel-style row (";" separated; an address with a ";" in it is quoted, as Excel does). */
function row(i: number): string {
  const person = i % 3 !== 0;
  const name = person ? `${FIRST[i % 10]} ${LAST[(i * 7) % 10]}` : `Transport ${LAST[i % 10]} BV`;
  const address = `"${STREETS[i % 6]} ${1 + (i % 180)} bus ${i % 9}; ${CITIES[(i * 5) % 6]}; België — vestiging ${i % 40}"`;
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [
    i % 4 === 0 ? 'beta' : 'acme',
    `CT-${String(i).padStart(7, '0')}`,
    `${1 + (i % 9)}-${String.fromCharCode(65 + (i % 26), 65 + ((i / 26) | 0) % 26, 65 + ((i / 676) | 0) % 26)}-${String(i % 1000).padStart(3, '0')}`,
    `2026-${month}-${day}T${String(8 + (i % 10)).padStart(2, '0')}:30`,
    i % 5 === 0 ? `2027-${month}-${day}T18:00:00+01:00` : '',
    ['redirect', 'recharge', ''][i % 3],
    person ? 'person' : 'company',
    name,
    address,
    person ? `19${50 + (i % 50)}-${month}-${day}` : '',
    person ? '' : `BE0${String(400_000_000 + i).slice(0, 9)}`,
    `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@voorbeeld-klant.be`,
    i % 2 ? String(1000 + (i % 2500)) : '',
  ].join(';');
}

const HEADER =
  'client;contract_ref;plate;starts_at;ends_at;fine_policy;renter_type;renter_name;renter_address;renter_birth_date;renter_company_number;renter_email;admin_fee_cents';

async function writeCsv(file: string, n: number, badLast = false) {
  const out = createWriteStream(file);
  const cp1252 = new TextDecoder('windows-1252');
  // Windows-1252 bytes of a string: every character here is in Latin-1 or cp1252's own range.
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(cp1252.decode(Uint8Array.of(b)), b);
  const encode = (s: string) => Buffer.from([...s].map((c) => table.get(c) ?? 0x3f));
  let chunk: string[] = [HEADER];
  for (let i = 1; i <= n; i++) {
    chunk.push(badLast && i === n ? row(i).replace(/;(redirect|recharge|);/, ';Redirect;') : row(i));
    if (chunk.length >= 5000 || i === n) {
      if (!out.write(encode(chunk.join('\r\n') + '\r\n'))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

const id = randomBytes(3).toString('hex');
const dbName = `boete_bench_contracts_${id}`;
const env = {
  DATABASE_URL: `${PG}/${dbName}`,
  REDIS_URL: 'redis://127.0.0.1:6379',
  BOETE_QUEUE_PREFIX: `boete-bench-${id}`,
  BOETE_LOG_LEVEL: 'warn',
};
const dir = await mkdtemp('/tmp/boete-bench-contracts-');
const file = path.join(dir, 'contracts.csv');
const badFile = path.join(dir, 'contracts-bad.csv');
await writeFile(
  path.join(dir, 'setup.json'),
  JSON.stringify({
    mailboxes: [],
    clients: [
      { code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'] },
      { code: 'beta', name: 'Beta', addresses: ['beta@fines.example.com'] },
    ],
  }),
);
await writeCsv(file, rows);
await writeCsv(badFile, rows, true);
const mb = (await stat(file)).size / 1e6;
console.log(`${rows} rows, ${mb.toFixed(1)} MB (Windows-1252, ";", CRLF) in ${dir}`);

const db = new pg.Client({ connectionString: env.DATABASE_URL });
try {
  await boete(['migrate'], env);
  await boete(['setup', 'import', path.join(dir, 'setup.json')], env);
  await db.connect();
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contracts')).rows[0]?.n);
  for (const [label, f] of [
    ['first import', file],
    ['same file again', file],
    ['bad last row', badFile],
  ] as const) {
    const r = await boete(['contracts', 'import', f], env);
    const firstLine = r.out.split('\n').slice(0, 2).join(' | ');
    console.log(
      `${label.padEnd(16)} exit ${r.code}  ${r.seconds.toFixed(1).padStart(6)} s  peak RSS ${r.peakMb.toFixed(0).padStart(4)} MB  contracts in db ${await count()}\n    ${firstLine.slice(0, 240)}`,
    );
  }
  const name = (await db.query<{ renter_name: string }>("SELECT renter_name FROM contracts WHERE contract_ref = 'CT-0000001'")).rows[0]?.renter_name;
  console.log(`row 1 renter_name read back: ${name}`);
} finally {
  await db.end().catch(() => undefined);
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
console.log('(targets: first import within 60 s and under 300 MB; all or nothing on a bad row)');
