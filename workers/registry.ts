// Every job the system runs, in one list: name, payload schema, handler (see each file).
import type { JobDefinition } from '../src/queue/job-definition.js';
import { assessDocumentJob } from './assess-document.js';
import { pollMailboxJob } from './poll-mailbox.js';
import { readDocumentJob } from './read-document.js';
import { sweepOutboxJob } from './sweep-outbox.js';

export { assessDocumentJob, pollMailboxJob, readDocumentJob, sweepOutboxJob };

export const JOBS: readonly JobDefinition[] = [pollMailboxJob, readDocumentJob, assessDocumentJob, sweepOutboxJob] as const;
