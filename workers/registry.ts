// Every job's handler, in one list. The contracts (name, payload schema, attempts, job id) are in
// src/queue/job-contracts.ts, so producers enqueue without importing these.
import type { JobDefinition } from '../src/queue/job-definition.js';
import { assessDocumentWorker } from './assess-document.js';
import { evaluateAlertsWorker } from './evaluate-alerts.js';
import { generateOutputsWorker } from './generate-outputs.js';
import { pollMailboxWorker } from './poll-mailbox.js';
import { readDocumentWorker } from './read-document.js';
import { schedulePollsWorker } from './schedule-polls.js';
import { sendAlertWorker } from './send-alert.js';
import { sweepOutboxWorker } from './sweep-outbox.js';

export const WORKERS: readonly JobDefinition[] = [pollMailboxWorker, readDocumentWorker, assessDocumentWorker, sweepOutboxWorker, schedulePollsWorker, evaluateAlertsWorker, sendAlertWorker, generateOutputsWorker];
