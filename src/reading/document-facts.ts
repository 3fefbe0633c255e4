// What the decision needs from a reading: the values of the decisive fields and the reader's trust
// in each. One mapping, used by the assess-document worker (from the stored fields) and the bench.
import type { IsoDate } from '../domain/calendar-date.js';
import { noTrust } from '../domain/decision-inputs.js';
import type { DocumentFacts } from '../domain/types.js';
import type { ExtractedFields } from './fields.js';

export function documentFacts(fields: ExtractedFields | null, receipt: { receivedAt: Date; senderAllowed: boolean }): DocumentFacts {
  return {
    receivedAt: receipt.receivedAt,
    senderAllowed: receipt.senderAllowed,
    opened: fields !== null,
    kind: fields?.kind.value ?? 'unknown',
    plate: fields?.plate?.value ?? null,
    offenceAt: fields?.offenceAt ? new Date(fields.offenceAt.value) : null,
    documentDate: (fields?.documentDate?.value as IsoDate | undefined) ?? null,
    dueDate: (fields?.dueDate?.value as IsoDate | undefined) ?? null,
    redirectDeadline: (fields?.redirectDeadline?.value as IsoDate | undefined) ?? null,
    amountCents: fields?.amountCents?.value ?? null,
    // A reading stored before the reader judged its fields is trusted in nothing.
    trust: fields?.trust ?? noTrust(fields ? 'read before the decision gate existed: read it again' : 'the file could not be read'),
  };
}
