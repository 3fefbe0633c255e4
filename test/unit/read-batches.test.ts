// The read job's contract: documents go READ_BATCH_DOCUMENTS to a job, a job queued by an earlier
// version ({ documentId }) is still read, and a batch's deduplication key names exactly its documents.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { READ_BATCH_DOCUMENTS, readBatches, readDocumentJob } from '../../src/queue/job-contracts.js';

describe('read jobs', () => {
  const ids = Array.from({ length: 23 }, () => randomUUID());

  it('takes documents in their order, at most READ_BATCH_DOCUMENTS to a job, none left out', () => {
    const jobs = readBatches(ids);
    expect(jobs.map((j) => j.documentIds.length)).toEqual([READ_BATCH_DOCUMENTS, READ_BATCH_DOCUMENTS, 23 - 2 * READ_BATCH_DOCUMENTS]);
    expect(jobs.flatMap((j) => j.documentIds)).toEqual(ids);
    expect(readBatches([])).toEqual([]);
    for (const job of jobs) expect(readDocumentJob.schema.safeParse(job).success).toBe(true);
  });

  it('reads a job queued by an earlier version, one documentId, as a batch of one', () => {
    expect(readDocumentJob.schema.parse({ documentId: ids[0] })).toEqual({ documentIds: [ids[0]] });
  });

  it('refuses an empty batch, one too large, and ids that are not ids', () => {
    expect(readDocumentJob.schema.safeParse({ documentIds: [] }).success).toBe(false);
    expect(readDocumentJob.schema.safeParse({ documentIds: ids.slice(0, READ_BATCH_DOCUMENTS + 1) }).success).toBe(false);
    expect(readDocumentJob.schema.safeParse({ documentIds: ['x'] }).success).toBe(false);
  });

  it('keys a batch by all of its documents: two batches that start alike are two pieces of work', () => {
    const key = (documentIds: string[]) => readDocumentJob.key(readDocumentJob.schema.parse({ documentIds }));
    expect(key([ids[0]!])).toBe(`read-${ids[0]}`);
    expect(key([ids[0]!, ids[1]!])).not.toBe(key([ids[0]!, ids[2]!]));
    expect(key([ids[0]!, ids[1]!])).toBe(key([ids[0]!, ids[1]!]));
  });
});
