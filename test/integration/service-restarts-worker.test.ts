// Commands started with Redis down, and a `worker` taken through restarts of PostgreSQL, Dovecot and
// Redis — on PRIVATE instances (test/support/restart-harness.ts; the shared ones are never touched).
// Each command fails at once with one line; the worker carries on; ONE more `boete run --once`
// finishes everything. (service-restarts-run-once.test.ts: services stopped mid-run.)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanLines, runBoete, spawnBoete, waitFor } from '../support/boete-process.js';
import { count, mailFines, runOnceToTheEnd, setupFile, useRestartHarness } from '../support/restart-harness.js';

const h = useRestartHarness();
const n = (query: string) => count(h, query);

describe('Redis down before a command', () => {
  const redisDownEnv = () => ({ ...h.env, REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${h.redis.port}` });

  it('run --once, worker, contracts import and setup import each fail at once with one line naming Redis', async () => {
    // A document waiting for its contract: the import must re-assess it, which needs Redis.
    await mailFines(h, 1, { plate: '1-WAI-007' });
    await runOnceToTheEnd(h);
    const waitingFor007 = `SELECT count(*) AS n FROM assessments a JOIN extracted_fields f USING (document_id) WHERE a.waiting_for_client AND f.plate = '1WAI007'`;
    const waiting = `SELECT count(*) AS n FROM assessments WHERE waiting_for_client`;
    expect(await n(waitingFor007)).toBe(1);
    const waitingBefore = await n(waiting);
    const reassessed = `SELECT count(*) AS n FROM audit_events WHERE action = 'document.reassessed'`;
    const reassessedBefore = await n(reassessed);
    writeFileSync(
      path.join(h.dir, 'contracts.csv'),
      `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AC-W,1-WAI-007,2026-01-01,,recharge,company,Wacht BV,"Kaai 1, 2000 Antwerpen",,BE0123456789,,
`,
    );
    writeFileSync(
      path.join(h.dir, 'setup-policy.json'),
      JSON.stringify(setupFile(h, { defaultFinePolicy: 'redirect' })),
    );
    await h.redis.stop();
    try {
      for (const args of [['run', '--once'], ['worker'], ['contracts', 'import', path.join(h.dir, 'contracts.csv')], ['setup', 'import', path.join(h.dir, 'setup-policy.json')]]) {
        const result = await runBoete(args, redisDownEnv());
        const what = `boete ${args.join(' ')}`;
        expect(result.code, `${what}: ${result.stderr}`).toBe(1);
        expect(humanLines(result.stderr), what).toHaveLength(1);
        expect(result.stderr.trim(), what).toMatch(new RegExp(`^boete: Redis at 127\\.0\\.0\\.1:${h.redis.port} is not reachable`));
        expect(result.stderr + result.stdout, what).not.toContain('s3cret-pw');
        // Not a speed target: a command that waited for Redis would never end (seconds when idle).
        expect(result.ms, what).toBeLessThan(60_000);
      }
      h.faults.push('Redis down before run --once, worker, contracts import, setup import');
    } finally {
      await h.redis.start();
    }
    // The imports were committed; their re-assessment was never queued. The next run finds the
    // waiting document by its newer facts.
    expect(await n(waitingFor007)).toBe(1);
    expect(await n(waiting)).toBe(waitingBefore);
    await runOnceToTheEnd(h);
    // The contract decided its document; every waiting document was assessed again (the default
    // policy is newer than their assessments).
    expect(await n(waitingFor007)).toBe(0);
    expect(await n(reassessed)).toBeGreaterThanOrEqual(reassessedBefore + waitingBefore);
  }, 180_000);
});

describe('a worker through restarts of every service', () => {
  it('survives PostgreSQL, Redis and Dovecot restarts, carries on, and obeys SIGTERM with Redis down', async () => {
    const worker = spawnBoete(['worker'], { ...h.env, BOETE_POLL_INTERVAL_SECONDS: '1' });
    const alive = () => worker.child.exitCode === null && worker.child.signalCode === null;
    const processedAll = async () =>
      (await n('SELECT count(*) AS n FROM received_mails')) === h.mailed && (await n(`SELECT count(*) AS n FROM documents WHERE status = 'assessed'`)) === h.mailed;
    try {
      await mailFines(h, 10);
      await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= h.mailed - 7, 'the worker to take mail in');

      // PostgreSQL restarted while the worker polls and reads (1 s poll interval: a poll is always near).
      await h.pgServer.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await h.pgServer.start();
      expect(alive(), worker.stderr()).toBe(true);
      await mailFines(h, 5);
      await waitFor(processedAll, 'the worker to carry on after PostgreSQL restarted', 90_000);
      h.faults.push('PostgreSQL restarted under a worker');

      // Dovecot restarted.
      await h.dovecot.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await h.dovecot.start();
      await mailFines(h, 5);
      await waitFor(processedAll, 'the worker to carry on after Dovecot restarted', 90_000);
      expect(alive(), worker.stderr()).toBe(true);
      h.faults.push('Dovecot restarted under a worker');

      // Redis restarted empty: the worker puts its schedulers back and polls again.
      await h.redis.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await h.redis.start();
      await mailFines(h, 5);
      await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) === h.mailed, 'the worker to poll again after Redis restarted', 90_000);
      expect(alive(), worker.stderr()).toBe(true);
      h.faults.push('Redis restarted (emptied) under a worker');

      // Redis down, then SIGTERM: the first one is obeyed.
      await h.redis.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      const result = await worker.exited;
      expect(Date.now() - signalled).toBeLessThan(60_000); // the first SIGTERM is obeyed
      expect(result.signal, result.stderr).toBeNull();
      expect(result.stderr).not.toMatch(/Unhandled 'error' event/);
      h.faults.push('SIGTERM with Redis down');
    } finally {
      if (alive()) worker.child.kill('SIGKILL');
      if (!(await h.redis.start().then(() => true, () => false))) throw new Error('could not restart Redis');
    }
    // Whatever the Redis loss left behind, one more run finishes it.
    await runOnceToTheEnd(h);
  }, 400_000);
});
