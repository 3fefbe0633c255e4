// Alert mails: the client's language, subject facts, HTML escaping of values from mail and PDFs;
// and the loop protection of the automatic reply.
import { describe, expect, it } from 'vitest';
import type { AlertContent } from '../../src/db/alert-store.js';
import { replyRefusal } from '../../src/mail/auto-reply-guard.js';
import { renderAlertMail } from '../../src/notify/alert-mail.js';

const alert = (kind: string, audience: 'client' | 'operators' | 'sender' = 'client') =>
  ({ id: 'a1', key: 'k', kind, audience, delivery: 'immediate', state: 'sending', attempts: 1 }) as unknown as AlertContent['alert'];

const doc = {
  documentId: 'd1',
  filename: '<script>alert(1)</script>.pdf',
  receivedAt: new Date('2026-12-01T09:00:00Z'),
  plate: '1ABC123',
  reference: 'PV <b>12</b>\r\nBcc: x@evil.test',
  dueDate: '2026-12-28',
  redirectDeadline: null,
  deadlineBasisDate: '2026-12-28',
  latestDeliveryDate: '2026-12-18',
  reviewReasons: ['no_contract'],
  kind: null,
} as unknown as AlertContent['documents'][number];

const content = (kind: string, language: 'nl' | 'fr' | 'en', audience?: 'client' | 'operators' | 'sender'): AlertContent => ({
  alert: alert(kind, audience),
  client: { code: 'acme', name: 'ACME & Zonen', language },
  documents: [doc],
  mail: null,
});

describe('alert mails', () => {
  it('speaks the client’s language, with plate, reference and deadline in the subject', () => {
    expect(renderAlertMail(content('information_needed', 'nl')).subject).toMatch(/^Informatie nodig: 1ABC123 · PV <b>12<\/b> Bcc: x@evil\.test · 28\/12\/2026$/);
    expect(renderAlertMail(content('information_needed', 'fr')).subject).toMatch(/^Informations requises: /);
    expect(renderAlertMail(content('late_delivery', 'en')).subject).toMatch(/^Delivered late: 1ABC123/);
    expect(renderAlertMail(content('information_reminder', 'nl')).text).toContain('Aanleveren uiterlijk: 18/12/2026');
  });

  it('keeps the subject on one line and escapes everything in the HTML', () => {
    const mail = renderAlertMail(content('information_needed', 'en'));
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.pdf');
    expect(mail.html).toContain('PV &lt;b&gt;12&lt;/b&gt;');
    expect(mail.html).toContain('ACME &amp; Zonen');
    expect(mail.text).toContain('a contract for this plate');
  });

  it('writes operators’ alerts in English whatever the client’s language', () => {
    const mail = renderAlertMail(content('deadline_breached', 'fr', 'operators'));
    expect(mail.subject).toMatch(/^Deadline breached: 1ABC123 .* \(client acme\)$/);
  });
});

describe('the operators’ digest', () => {
  const row = (clientCode: string, plate: string | null, latest: string | null, reasons: string[], reference: string | null = 'R') => ({
    clientCode,
    plate,
    reference,
    reasons,
    latestDeliveryDate: latest,
    deadlineBasisDate: latest,
  });
  // Tuesday 22/12/2026: Christmas (Friday 25) and the weekend are no working days.
  const digest = (documents: ReturnType<typeof row>[], total = documents.length): AlertContent => ({
    alert: { ...alert('operator_digest', 'operators'), key: 'operator_digest/2026-12-22' },
    client: null,
    documents: [],
    mail: null,
    operatorDigest: {
      day: '2026-12-22',
      total,
      byReason: [['no_contract', 2], ['unknown_sender', 1]],
      documents,
    } as unknown as NonNullable<AlertContent['operatorDigest']>,
  });

  it('lists every client’s documents in the order given, with reasons, deliver-by and working days left, in English', () => {
    const mail = renderAlertMail(
      digest([row('acme', '1ABC123', '2026-12-21', ['no_contract']), row('beta', 'AB-123-C', '2026-12-28', ['no_contract', 'unknown_sender'], 'PV 9'), row('acme', null, null, ['unreadable_document'], null)]),
    );
    expect(mail.subject).toBe('Review queue: 3 documents in review, earliest deliver-by 21/12/2026');
    expect(mail.text).toContain('3 documents wait in review across all clients on 22/12/2026, the most urgent first.');
    expect(mail.text).toContain('By reason: no contract: 2 · unknown sender: 1');
    const lines = mail.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual([
      '1. acme · 1ABC123 · R — no contract — deliver by 21/12/2026 (1 working day late)',
      // Wed 23, Thu 24, Mon 28 (Christmas and the weekend are not counted).
      '2. beta · AB-123-C · PV 9 — no contract, unknown sender — deliver by 28/12/2026 (3 working days left)',
      '3. acme · – · – — unreadable — deliver by – (no deadline known)',
    ]);
    expect(mail.text).toContain('See the review queue');
    expect(mail.html).toContain('<th align="left">Working days left</th>');
  });

  it('says how many more there are beyond the listed ones, and escapes values from the letters', () => {
    const mail = renderAlertMail(digest([row('acme', '<b>1ABC</b>', '2026-12-22', ['no_contract'], 'PV\r\nBcc: x@evil.test')], 250));
    expect(mail.subject).toBe('Review queue: 250 documents in review, earliest deliver-by 22/12/2026');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('… and 249 more: see the review queue.');
    expect(mail.text).toContain('1. acme · <b>1ABC</b> · PV Bcc: x@evil.test — no contract — deliver by 22/12/2026 (due today)');
    expect(mail.html).not.toContain('<b>1ABC');
    expect(mail.html).toContain('&lt;b&gt;1ABC&lt;/b&gt;');
  });

  it('says so when nothing about the deadlines is known', () => {
    expect(renderAlertMail(digest([row('acme', null, null, ['unreadable_document'])])).subject).toBe('Review queue: 1 document in review, earliest deliver-by unknown');
  });
});

describe('automatic reply loop protection', () => {
  const raw = (headers: string) => Buffer.from(`${headers}From: clerk@acme-rent.be\r\nSubject: hi\r\n\r\nbody\r\nAuto-Submitted: auto-replied\r\n`);
  const own = ['boete@processor.test', 'acme@fines.example.com'];

  it('answers a person', () => {
    expect(replyRefusal(raw(''), 'clerk@acme-rent.be', own)).toBeNull();
  });

  it.each([
    ['Auto-Submitted: auto-replied\r\n', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted:\r\n auto-generated\r\n', 'Auto-Submitted: auto-generated'],
    ['Precedence: bulk\r\n', 'Precedence: bulk'],
    ['List-Id: <x.example>\r\n', 'a mailing-list mail'],
    ['X-Auto-Response-Suppress: All\r\n', 'X-Auto-Response-Suppress: all'],
    ['Return-Path: <>\r\n', 'a bounce (empty Return-Path)'],
    ['Content-Type: multipart/report; report-type=delivery-status\r\n', 'a delivery report'],
  ])('refuses a mail with %j', (headers, why) => {
    expect(replyRefusal(raw(headers), 'clerk@acme-rent.be', own)).toBe(why);
  });

  it('refuses mail systems, our own addresses and mails without a sender', () => {
    expect(replyRefusal(raw(''), 'MAILER-DAEMON@acme-rent.be', own)).toMatch(/mail system/);
    expect(replyRefusal(raw(''), 'no-reply@acme-rent.be', own)).toMatch(/mail system/);
    expect(replyRefusal(raw(''), 'acme@fines.example.com', own)).toBe('sent from one of our own addresses');
    expect(replyRefusal(raw(''), null, own)).toBe('no sender address');
  });

  it('reads headers only, not a body that looks like one', () => {
    expect(replyRefusal(raw(''), 'clerk@acme-rent.be', own)).toBeNull();
  });
});
