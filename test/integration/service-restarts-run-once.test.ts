// A service stopped in the middle of a `boete run --once` and started again — on PRIVATE PostgreSQL,
// Redis and Dovecot instances (test/support/restart-harness.ts; the shared ones are never touched).
// Each time, the run that saw the fault exits 1 with a summary instead of crashing or hanging, and ONE
// more `boete run --once` finishes everything: every mail stored once, every document read and
// assessed, every mail marked on the server. (service-restarts-worker.test.ts: commands with Redis
// down, and a `worker` through restarts of all three.)
import { describe, expect, it } from 'vitest';
import { humanLines, spawnBoete, waitFor } from '../support/boete-process.js';
import { count, runOnceToTheEnd, mailFines, useRestartHarness } from '../support/restart-harness.js';

const h = useRestartHarness();
const n = (query: string) => count(h, query);

describe('a service stopped mid-run, then started again', () => {
  it('Dovecot stopped mid-poll: the run exits 1 naming the mailbox; the next run takes in the rest', async () => {
    // Enough mail that the poll is still downloading when Dovecot goes.
    await mailFines(h, 150);
    const run = spawnBoete(['run', '--once'], h.env);
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= 1, 'the first mail to be stored', 60_000);
    await h.dovecot.stop();
    const result = await run.exited;
    const storedWhileDown = await n('SELECT count(*) AS n FROM received_mails');
    await h.dovecot.start();
    expect(result.code, result.stderr).toBe(1);
    expect(storedWhileDown).toBeLessThan(h.mailed);
    expect(result.stderr).toMatch(/mailbox acme: \d+ mails? taken in — poll failed: cannot connect to 127\.0\.0\.1:\d+/);
    expect(result.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
    await runOnceToTheEnd(h);
    h.faults.push('Dovecot stopped mid-poll (run --once)');
  }, 180_000);

  it('PostgreSQL stopped mid-poll and mid-read: no crash, exit 1; the next run reads the rest', async () => {
    await mailFines(h, 30);
    const run = spawnBoete(['run', '--once'], h.env);
    const before = await n('SELECT count(*) AS n FROM received_mails');
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= before + 3, 'the first mails to be stored');
    // Fast shutdown: the poll's advisory-lock connection and the pool's get 57P01.
    await h.pgServer.stop();
    const result = await run.exited;
    await h.pgServer.start();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/Unhandled 'error' event|57P01.*\n\s+at /);
    expect(humanLines(result.stderr).at(-1), result.stderr).toMatch(/^boete: PostgreSQL at 127\.0\.0\.1:\d+\/boete is not reachable/);
    expect(await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`) + (h.mailed - (await n('SELECT count(*) AS n FROM received_mails')))).toBeGreaterThan(0);
    await runOnceToTheEnd(h);
    h.faults.push('PostgreSQL stopped mid-poll and mid-read (run --once)');
  }, 240_000);

  it('Redis stopped mid-run (its data lost): exit 1 at once naming Redis; the next run finishes everything', async () => {
    await mailFines(h, 30);
    const run = spawnBoete(['run', '--once'], h.env);
    const before = await n('SELECT count(*) AS n FROM received_mails');
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= before + 3, 'the first mails to be stored');
    await h.redis.stop();
    const stoppedAt = Date.now();
    const result = await run.exited;
    const took = Date.now() - stoppedAt;
    await h.redis.start(); // empty: every queued job is gone
    expect(result.code, result.stderr).toBe(1);
    expect(humanLines(result.stderr).at(-1), result.stderr).toMatch(new RegExp(`^boete: Redis at 127\\.0\\.0\\.1:${h.redis.port} is not reachable`));
    expect(took).toBeLessThan(60_000); // ended instead of waiting for Redis
    // Connections dropped on the way out: no client left reconnecting without a listener.
    expect(result.stderr).not.toContain('Unhandled error event');
    await runOnceToTheEnd(h);
    h.faults.push('Redis stopped mid-run, queues lost (run --once)');
  }, 180_000);
});
