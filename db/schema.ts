// PostgreSQL schema (drizzle). Unique keys carry the exactly-once guarantees:
//   received_mails (mailbox, UIDVALIDITY, UID)  – a message is ingested once per mailbox incarnation
//   documents (client, sha256)                  – the same file is one document
//   contracts (client, contract_ref)            – imports are upserts
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();

export const clients = pgTable('clients', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Personalized addresses, lower case. */
  addresses: text('addresses').array().notNull().default(sql`'{}'::text[]`),
  /** Addresses or domains, lower case. */
  allowedSenders: text('allowed_senders').array().notNull().default(sql`'{}'::text[]`),
  notifyEmail: text('notify_email'),
  /** Language of the client's alert mails (setup `language`). */
  language: text('language').$type<'nl' | 'fr' | 'en'>().notNull().default('nl'),
  /** A mail per alert, or one digest a working day (setup `alerts`). */
  alertMode: text('alert_mode').$type<'immediate' | 'digest'>().notNull().default('immediate'),
  adminFeeCents: integer('admin_fee_cents'),
  defaultFinePolicy: text('default_fine_policy').$type<'redirect' | 'recharge'>(),
  /** When the default policy was last set: it is client information with a delivery time. */
  defaultFinePolicyUpdatedAt: instant('default_fine_policy_updated_at'),
  liabilityCapCents: integer('liability_cap_cents'),
  /** Hours a renter may dispute a recharge before it enters the accounting CSV (setup `disputeWindowHours`, default 0). */
  disputeWindowHours: integer('dispute_window_hours').notNull().default(0),
  /** Where renters pay a recharge (setup `paymentIban`); printed on the recharge notice. */
  paymentIban: text('payment_iban'),
  /** The last day of the client's own contract with the processor (setup file `endsAt`). */
  endsAt: date('ends_at', { mode: 'string' }),
  /** The client's instruction on how long its data is kept after that; none: six months (spec "Personal data"). */
  retainUntil: date('retain_until', { mode: 'string' }),
  createdAt: createdAt(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export const mailboxes = pgTable('mailboxes', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  secure: boolean('secure').notNull(),
  username: text('username').notNull(),
  /** Inline password from the setup file; never logged or exported. Prefer passwordEnv. */
  password: text('password'),
  passwordEnv: text('password_env'),
  folder: text('folder').notNull().default('INBOX'),
  /** Where processed mail is moved; null = mark it \Seen and leave it. */
  processedFolder: text('processed_folder'),
  /** Set for a client's own mailbox; null for a shared intake box (client from the recipient). */
  clientId: uuid('client_id').references(() => clients.id),
  uidValidity: bigint('uid_validity', { mode: 'number' }),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
  lastPolledAt: instant('last_polled_at'),
  lastError: text('last_error'),
  createdAt: createdAt(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export type MailStatus =
  | 'documents'
  | 'no_document'
  | 'oversized'
  | 'unattributed'
  | 'unparseable'
  /** More documents, or more pages, than one mail may cost to read (src/reading/read-budget.ts): none created, raw kept. */
  | 'too_many_documents'
  | 'too_many_pages';

export const receivedMails = pgTable(
  'received_mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
    uid: bigint('uid', { mode: 'number' }).notNull(),
    messageId: text('message_id'),
    /** IMAP INTERNALDATE: the moment the mail arrived; every deadline counts from it. */
    internalDate: instant('internal_date').notNull(),
    fromAddress: text('from_address'),
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject'),
    sizeBytes: integer('size_bytes').notNull(),
    clientId: uuid('client_id').references(() => clients.id),
    senderAllowed: boolean('sender_allowed').notNull().default(false),
    status: text('status').$type<MailStatus>().notNull(),
    detail: text('detail'),
    /** Kept for every mail that produced no document for a client (no_document, unattributed, unparseable, too_many_*). */
    raw: bytea('raw'),
    /** Marking/moving on the IMAP server happens after the commit; this says whether it did. */
    serverAction: text('server_action').$type<'pending' | 'done' | 'failed'>().notNull().default('pending'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('received_mails_mailbox_uid').on(t.mailboxId, t.uidValidity, t.uid),
    index('received_mails_server_action').on(t.mailboxId, t.serverAction),
  ],
);

/**
 * Files that arrived without mail: uploaded by a client user in the portal, or posted by the
 * client's own system to POST /api/documents with its API token. The upload instant is the time of
 * receipt, as INTERNALDATE is for mail.
 */
export const uploads = pgTable('uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: uuid('client_id').notNull().references(() => clients.id),
  channel: text('channel').$type<'portal' | 'api'>().notNull(),
  /** The user (portal) or the API token (api) that uploaded. */
  userId: uuid('user_id').references(() => users.id),
  apiTokenId: uuid('api_token_id').references(() => apiTokens.id),
  receivedAt: instant('received_at').notNull(),
  createdAt: createdAt(),
});

export type DocumentStatus = 'received' | 'read' | 'assessed';

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    contentType: text('content_type').notNull(),
    /** Sanitised file name of the first receipt (never a path). */
    filename: text('filename').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** The mail that first brought this file; null when it was uploaded (portal or API) instead. */
    firstMailId: uuid('first_mail_id').references(() => receivedMails.id),
    firstUploadId: uuid('first_upload_id').references(() => uploads.id),
    receivedAt: instant('received_at').notNull(),
    senderAllowed: boolean('sender_allowed').notNull(),
    /** Pages counted from the file's structure on arrival (src/mail/page-estimate.ts): what reading it may cost. */
    pageEstimate: integer('page_estimate'),
    /** When a worker took the file to read it: until it is read, its estimate counts against its mail's and client's budget. */
    readStartedAt: instant('read_started_at'),
    /** Outbox state: a document not yet `assessed` has work pending and is re-enqueued after a crash. */
    status: text('status').$type<DocumentStatus>().notNull().default('received'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('documents_client_sha256').on(t.clientId, t.sha256),
    index('documents_status').on(t.status),
    // The read budget sums a mail's documents; a client's recent ones are in read_charges, but for
    // the oldest hour of its window, which is summed from the documents reserved then…
    index('documents_first_mail').on(t.firstMailId),
    index('documents_client_read_started').on(t.clientId, t.readStartedAt),
    index('documents_client_updated').on(t.clientId, t.updatedAt),
    index('documents_client_received').on(t.clientId, t.receivedAt),
    // Search lists every client's documents newest first.
    index('documents_received').on(t.receivedAt, t.id),
  ],
);

/** Every time a document's file arrived (the same file mailed twice is one document, two receipts). */
export const documentReceipts = pgTable(
  'document_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    /** Exactly one of mailId and uploadId is set: the file came by mail or was uploaded. */
    mailId: uuid('mail_id').references(() => receivedMails.id),
    uploadId: uuid('upload_id').references(() => uploads.id),
    filename: text('filename').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('document_receipts_mail_document').on(t.mailId, t.documentId, t.filename),
    uniqueIndex('document_receipts_upload_document').on(t.uploadId, t.documentId, t.filename),
  ],
);

export const extractedFields = pgTable(
  'extracted_fields',
  {
    documentId: uuid('document_id').primaryKey().references(() => documents.id),
    readStatus: text('read_status').$type<'read' | 'unreadable'>().notNull(),
    unreadableCause: text('unreadable_cause'),
    detail: text('detail'),
    method: text('method'),
    pageCount: integer('page_count'),
    kind: text('kind'),
    plate: text('plate'),
    offenceAt: instant('offence_at'),
    dueDate: date('due_date', { mode: 'string' }),
    redirectDeadline: date('redirect_deadline', { mode: 'string' }),
    amountCents: integer('amount_cents'),
    reference: text('reference'),
    referenceKey: text('reference_key'),
    /** The letter's own (send) date, which periods count from. */
    documentDate: date('document_date', { mode: 'string' }),
    /** Every field with confidence and provenance (page, text), the reader's doubts and its trust verdicts. */
    fields: jsonb('fields'),
    readAt: instant('read_at').notNull().defaultNow(),
  },
  (t) => [
    index('extracted_fields_reference').on(t.referenceKey),
    index('extracted_fields_plate').on(t.plate),
    // …and read then (read_charges).
    index('extracted_fields_read_at').on(t.readAt),
  ],
);

/**
 * The read budget's running figure (src/db/read-budget-store.ts): per client and hour, the pages and
 * OCR pages charged to its documents whose reading (or, while being read, whose reservation) falls in
 * that hour. Kept by the statements that reserve a document and store its reading, so a client's last
 * 24 hours are 24 rows instead of every document it sent.
 */
export const readCharges = pgTable(
  'read_charges',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    hour: instant('hour').notNull(),
    pages: integer('pages').notNull(),
    ocrPages: integer('ocr_pages').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.hour] })],
);

export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    contractRef: text('contract_ref').notNull(),
    /** Normalised: letters and digits only. */
    plate: text('plate').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    finePolicy: text('fine_policy').$type<'redirect' | 'recharge'>(),
    renterType: text('renter_type').$type<'person' | 'company'>(),
    renterName: text('renter_name'),
    renterAddress: text('renter_address'),
    renterBirthDate: date('renter_birth_date', { mode: 'string' }),
    renterCompanyNumber: text('renter_company_number'),
    renterEmail: text('renter_email'),
    adminFeeCents: integer('admin_fee_cents'),
    /** When this version arrived: bumped only when the contract's content changes. */
    receivedAt: instant('received_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('contracts_client_ref').on(t.clientId, t.contractRef), index('contracts_client_plate').on(t.clientId, t.plate)],
);

export const assessments = pgTable(
  'assessments',
  {
    documentId: uuid('document_id').primaryKey().references(() => documents.id),
    /**
     * The document's client, copied here (a document never changes client) so that one client's
     * queue, its counts and the dashboard's per-client figures come from an index of this table
     * alone instead of joining every document of the client.
     */
    clientId: uuid('client_id').notNull().references(() => clients.id),
    decision: text('decision').$type<'redirect' | 'recharge' | 'review' | 'duplicate' | 'not_a_fine'>().notNull(),
    reviewReasons: text('review_reasons').array().notNull().default(sql`'{}'::text[]`),
    contractId: uuid('contract_id').references(() => contracts.id),
    policySource: text('policy_source'),
    deadlineBasis: text('deadline_basis'),
    deadlineBasisDate: date('deadline_basis_date', { mode: 'string' }),
    latestDeliveryDate: date('latest_delivery_date', { mode: 'string' }),
    delivery: text('delivery'),
    waitingForClient: boolean('waiting_for_client').notNull(),
    /** Decisive fields the gate did not trust, with the reader's doubt (field, doubt). */
    untrustedInputs: jsonb('untrusted_inputs').$type<{ field: string; doubt: string }[]>().notNull().default(sql`'[]'::jsonb`),
    informationCompleteAt: instant('information_complete_at'),
    processedAt: instant('processed_at'),
    rechargeAmountCents: integer('recharge_amount_cents'),
    adminFeeCents: integer('admin_fee_cents'),
    duplicateOf: uuid('duplicate_of').references(() => documents.id),
    liabilityParty: text('liability_party').notNull(),
    liabilityReason: text('liability_reason').notNull(),
    assessedAt: instant('assessed_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('assessments_decision').on(t.decision),
    index('assessments_duplicate_of').on(t.duplicateOf),
    // The review queue: open reviews, most urgent first.
    // Documents without a known deadline first: an operator must read their dates now.
    // The queue's counts per reason: grouped by the reasons array straight from this index.
    index('assessments_review_counts').on(t.reviewReasons, t.waitingForClient).where(sql`decision = 'review'`),
    index('assessments_queue').on(t.latestDeliveryDate.asc().nullsFirst(), t.deadlineBasisDate.asc().nullsFirst(), t.documentId).where(sql`decision = 'review'`),
    // One client's queue (an operator's client filter, the portal) in queue order, and its counts per
    // reason and status from the same index without visiting the table (the trailing columns).
    index('assessments_client_queue')
      .on(t.clientId, t.latestDeliveryDate.asc().nullsFirst(), t.deadlineBasisDate.asc().nullsFirst(), t.documentId, t.waitingForClient, t.reviewReasons)
      .where(sql`decision = 'review'`),
    // A client's decided documents in the portal's order (its reviews come from assessments_client_queue).
    index('assessments_client_order')
      .on(t.clientId, t.latestDeliveryDate.asc().nullsFirst(), t.deadlineBasisDate.asc().nullsFirst(), t.documentId)
      .where(sql`decision <> 'review'`),
    // The dashboard's per-client figures: only the rows that count for one of them.
    index('assessments_client_attention')
      .on(t.clientId, t.decision, t.waitingForClient, t.delivery, t.liabilityReason)
      .where(sql`decision = 'review' or delivery = 'late' or liability_reason = 'incomplete_information'`),
  ],
);

/**
 * Append-only (a trigger refuses UPDATE and DELETE): who changed what and when. It never holds
 * personal data (renter names, addresses, birth dates, plates, references): entries name the
 * entity by id and the fields that changed, with values only for fields that are not personal, so
 * a client's deletion can leave the trail intact (src/db/audit.ts).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    note: text('note'),
  },
  (t) => [index('audit_events_entity').on(t.entity, t.entityId)],
);

export type UserRole = 'operator' | 'client';

/** People who log in to `boete serve`: operators (every client) and client users (one client). */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Lower case. */
  email: text('email').notNull().unique(),
  /** scrypt$N$r$p$salt$hash (base64): node's built-in crypto.scrypt. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<UserRole>().notNull(),
  /** Set exactly for client users: the only client whose documents they see. */
  clientId: uuid('client_id').references(() => clients.id),
  disabledAt: instant('disabled_at'),
  createdAt: createdAt(),
});

/** Logged-in sessions. The cookie carries a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** Sent with every form and X-CSRF-Token header; checked on every state change. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed logins per e-mail address and per client IP, counted over a window to throttle guessing. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

/** Tokens a client's own system uses for POST /api/documents. Stored hashed; revocable. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: uuid('client_id').notNull().references(() => clients.id),
  name: text('name').notNull(),
  /** SHA-256 of the token (the token is 32 random bytes: a slow hash adds nothing). */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: instant('last_used_at'),
  revokedAt: instant('revoked_at'),
});

/** Who looked at a document's personal data (its view, its file), and when. */
export const documentViews = pgTable(
  'document_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id),
    apiTokenId: uuid('api_token_id').references(() => apiTokens.id),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    /** 'view' (fields and contracts shown), 'file' (original downloaded), 'page' (page image), 'output' (a case pack or notice downloaded). */
    what: text('what').notNull(),
  },
  (t) => [index('document_views_document').on(t.documentId, t.at), index('document_views_user').on(t.userId, t.at)],
);

/**
 * What an operator decided for a document where the machine could not: the contract, the policy,
 * that it is not a fine, that the sender is accepted, a liability re-attribution. assess() honours
 * these (src/domain/assessment.ts), whether the server or the worker runs it.
 */
export const documentResolutions = pgTable('document_resolutions', {
  documentId: uuid('document_id').primaryKey().references(() => documents.id),
  contractId: uuid('contract_id').references(() => contracts.id),
  policy: text('policy').$type<'redirect' | 'recharge'>(),
  notAFine: boolean('not_a_fine').notNull().default(false),
  senderAccepted: boolean('sender_accepted').notNull().default(false),
  liabilityReason: text('liability_reason').$type<'incorrect_information' | 'processing_error'>(),
  liabilityNote: text('liability_note'),
  /** An operator marked the recharge disputed by the renter (inside the client's dispute window): kept out of the accounting CSV. */
  rechargeDisputedAt: instant('recharge_disputed_at'),
  rechargeDisputeNote: text('recharge_dispute_note'),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** `skipped`: recorded and deliberately not sent (an automatic reply refused by loop protection). */
export type AlertState = 'pending' | 'sending' | 'sent' | 'failed' | 'digested' | 'skipped';

/**
 * The alert outbox (src/db/alert-store.ts): every alert is recorded here before it is sent, once
 * per `key` (document + kind; mail + kind for the automatic reply; client + day for a digest).
 * pending → sending (claimed by one sender, conditional update) → sent | failed; a client alert
 * folded into a digest (digest client, or over the hourly limit) becomes `digested` once the digest
 * that lists it is recorded.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    audience: text('audience').$type<'client' | 'operators' | 'sender'>().notNull(),
    delivery: text('delivery').$type<'immediate' | 'digest'>().notNull(),
    documentId: uuid('document_id').references(() => documents.id),
    mailId: uuid('mail_id').references(() => receivedMails.id),
    clientId: uuid('client_id').references(() => clients.id),
    /** The digest (an alert row itself) that listed this alert. */
    digestId: uuid('digest_id'),
    state: text('state').$type<AlertState>().notNull().default('pending'),
    recipient: text('recipient'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    claimedAt: instant('claimed_at'),
    sentAt: instant('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('alerts_state').on(t.state, t.delivery),
    index('alerts_client_sent').on(t.clientId, t.sentAt),
    index('alerts_document').on(t.documentId),
  ],
);

export type OutputKind = 'redirect_pack' | 'recharge_notice';

/**
 * What a decision produced for people to act on (src/outputs): a redirect's case pack for the
 * authority, a recharge's notice for the renter. One row per document, kind and assessment version
 * (the unique key makes a redelivered job a no-op) with the SHA-256 of the bytes; never regenerated
 * for that version. A re-assessment gets rows of its own version; the earlier rows stay (audit) and
 * are superseded: the current outputs are the rows of the assessment's current version.
 */
export const documentOutputs = pgTable(
  'document_outputs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    kind: text('kind').$type<OutputKind>().notNull(),
    /** Which layout the pack was drawn in (the authority family: be_police, nl_cjib, fr_antai, …). */
    variant: text('variant').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    sha256: text('sha256').notNull(),
    /** The assessment version this row is an output of (current while the assessment has this version). */
    assessmentVersion: integer('assessment_version').notNull(),
    /**
     * The version the file was drawn for: this row's own, or an earlier one when the re-assessment
     * printed the same facts and that file was kept for this version (same bytes, same SHA-256).
     */
    drawnAtVersion: integer('drawn_at_version').notNull(),
    /**
     * SHA-256 of what the file prints (its print model without the creation date,
     * src/outputs/output-facts.ts printedFactsSha256): equal for the next version → the file is kept.
     * Null for files drawn before migration 0011, which never match, so a re-assessment draws anew.
     */
    printedFactsSha256: text('printed_facts_sha256'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('document_outputs_document_kind_version').on(t.documentId, t.kind, t.assessmentVersion),
    index('document_outputs_client_created').on(t.clientId, t.createdAt),
  ],
);
