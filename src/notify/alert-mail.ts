// What an alert mail says, as text and HTML, in the client's language (nl, fr, en); operators read
// English. Every value that came from a mail or a PDF (plate, reference, file name, subject) is
// escaped in the HTML and cleaned of line breaks in the subject. Only the facts of the alert's own
// documents are in it (the operators' digest: every client's, which operators see anyway); never a
// renter's personal data or a secret.
import type { AlertLanguage } from '../domain/due-alerts.js';
import { daysLeftText, reasonLabel } from '../domain/operator-words.js';
import { workingDaysUntil } from '../domain/working-days.js';
import type { AlertContent, AlertDocument, OperatorDigest } from '../db/alert-store.js';

export type RenderedMail = { subject: string; text: string; html: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
/** A header value from untrusted text: one line, no control characters, bounded. */
const oneLine = (s: string, max = 80) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim().slice(0, max);

type Texts = {
  late: string;
  needed: string;
  reminder: string;
  digest: string;
  reply: string;
  greeting: string;
  lateBody: string;
  neededBody: string;
  reminderBody: string;
  digestBody: string;
  replyBody: string;
  plate: string;
  reference: string;
  deadline: string;
  deliverBy: string;
  missing: string;
  file: string;
  received: string;
  reasons: Record<string, string>;
  footer: string;
};

const NL: Texts = {
  late: 'Laattijdig aangeleverd',
  needed: 'Informatie nodig',
  reminder: 'Herinnering: informatie nodig',
  digest: 'Overzicht van boetes die op uw informatie wachten',
  reply: 'Uw mail bevatte geen boete',
  greeting: 'Beste',
  lateBody: 'Deze boete (of de informatie die ze nodig had) kwam binnen na de uiterste aanleverdatum: minstens vijf werkdagen voor de termijn. Kosten en verhogingen door laattijdige verwerking zijn voor uw rekening.',
  neededBody: 'Om deze boete te verwerken hebben we informatie van u nodig. Bezorg ze ons vóór de uiterste aanleverdatum; daarna zijn kosten en verhogingen voor uw rekening.',
  reminderBody: 'We wachten nog steeds op informatie voor deze boete. De uiterste aanleverdatum is bijna bereikt.',
  digestBody: 'Deze boetes wachten op informatie van u, de dringendste eerst.',
  replyBody: 'Uw mail aan ons verwerkingsadres bevatte geen PDF of foto van een boete, dus er werd niets verwerkt. Stuur elke boete als bijlage. Vragen of opmerkingen in de tekst van een mail worden niet behandeld: stuur die aan support.',
  plate: 'Nummerplaat',
  reference: 'Referentie',
  deadline: 'Termijn',
  deliverBy: 'Aanleveren uiterlijk',
  missing: 'Ontbreekt',
  file: 'Bestand',
  received: 'Ontvangen',
  reasons: {
    no_contract: 'een contract voor deze nummerplaat op het moment van de overtreding',
    ambiguous_contract: 'welk van meerdere contracten voor deze nummerplaat geldt',
    no_instruction: 'uw instructie: verleggen of doorbelasten',
    missing_renter_data: 'de gegevens van de huurder (naam, adres, geboortedatum of ondernemingsnummer)',
  },
  footer: 'Dit is een automatisch bericht van de boeteverwerking.',
};

const FR: Texts = {
  late: 'Livraison tardive',
  needed: 'Informations requises',
  reminder: 'Rappel : informations requises',
  digest: 'Récapitulatif des amendes en attente de vos informations',
  reply: 'Votre e-mail ne contenait aucune amende',
  greeting: 'Bonjour',
  lateBody: "Cette amende (ou les informations nécessaires) est arrivée après la date limite de livraison : au moins cinq jours ouvrables avant l'échéance. Les frais et majorations dus au retard sont à votre charge.",
  neededBody: "Pour traiter cette amende, nous avons besoin d'informations de votre part. Envoyez-les avant la date limite de livraison ; au-delà, les frais et majorations sont à votre charge.",
  reminderBody: 'Nous attendons toujours des informations pour cette amende. La date limite de livraison approche.',
  digestBody: "Ces amendes attendent vos informations, les plus urgentes d'abord.",
  replyBody: "Votre e-mail à notre adresse de traitement ne contenait ni PDF ni photo d'une amende : rien n'a été traité. Envoyez chaque amende en pièce jointe. Les questions dans le texte d'un e-mail ne sont pas traitées : adressez-les au support.",
  plate: 'Plaque',
  reference: 'Référence',
  deadline: 'Échéance',
  deliverBy: 'À livrer au plus tard le',
  missing: 'Manque',
  file: 'Fichier',
  received: 'Reçu le',
  reasons: {
    no_contract: "un contrat pour cette plaque au moment de l'infraction",
    ambiguous_contract: 'lequel des contrats pour cette plaque s’applique',
    no_instruction: 'votre instruction : désignation ou refacturation',
    missing_renter_data: "les données du locataire (nom, adresse, date de naissance ou numéro d'entreprise)",
  },
  footer: 'Ceci est un message automatique du traitement des amendes.',
};

const EN: Texts = {
  late: 'Delivered late',
  needed: 'Information needed',
  reminder: 'Reminder: information needed',
  digest: 'Fines waiting for your information',
  reply: 'Your mail carried no fine',
  greeting: 'Hello',
  lateBody: 'This fine (or the information it needed) arrived after the latest delivery date: at least five working days before its deadline. Costs and surcharges caused by the delay are yours.',
  neededBody: 'To process this fine we need information from you. Send it before the latest delivery date; after that, costs and surcharges are yours.',
  reminderBody: 'We are still waiting for information on this fine. The latest delivery date is close.',
  digestBody: 'These fines wait for information from you, the most urgent first.',
  replyBody: 'Your mail to our processing address carried no PDF or photo of a fine, so nothing was processed. Send each fine as an attachment. Questions or remarks in the text of a mail are not handled: send them to support.',
  plate: 'Plate',
  reference: 'Reference',
  deadline: 'Deadline',
  deliverBy: 'Deliver by',
  missing: 'Missing',
  file: 'File',
  received: 'Received',
  reasons: {
    no_contract: 'a contract for this plate at the time of the offence',
    ambiguous_contract: 'which of several contracts for this plate applies',
    no_instruction: 'your instruction: redirect or recharge',
    missing_renter_data: "the renter's data (name, address, birth date or company number)",
  },
  footer: 'This is an automatic message from fine processing.',
};

const TEXTS: Record<AlertLanguage, Texts> = { nl: NL, fr: FR, en: EN };

/** Dates as the reader expects them: 14/12/2026. */
const localDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '–');

function deadlineOf(d: AlertDocument): string | null {
  return d.deadlineBasisDate ?? d.dueDate ?? d.redirectDeadline;
}

function missingOf(d: AlertDocument, t: Texts): string[] {
  return d.reviewReasons.map((r) => t.reasons[r]).filter((x): x is string => !!x);
}

/** "1ABC123 · BR.33/2026 · 14/12/2026": what a subject line says about a document. */
function subjectFacts(d: AlertDocument | undefined): string {
  if (!d) return '';
  return [d.plate, d.reference, localDate(deadlineOf(d))].filter((x) => x && x !== '–').map((x) => oneLine(x as string, 40)).join(' · ');
}

function rows(d: AlertDocument, t: Texts, withMissing: boolean): [string, string][] {
  const r: [string, string][] = [
    [t.plate, d.plate ?? '–'],
    [t.reference, d.reference ?? '–'],
    [t.deadline, localDate(deadlineOf(d))],
    [t.deliverBy, localDate(d.latestDeliveryDate)],
    [t.file, d.filename],
  ];
  if (withMissing) {
    const missing = missingOf(d, t);
    if (missing.length) r.push([t.missing, missing.join('; ')]);
  }
  return r;
}

const textRows = (r: [string, string][]) => r.map(([k, v]) => `  ${k}: ${oneLine(v, 300)}`).join('\n');
const htmlRows = (r: [string, string][]) =>
  `<table cellpadding="4" style="border-collapse:collapse">${r.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(oneLine(v, 300))}</td></tr>`).join('')}</table>`;

function wrap(t: Texts, name: string | null, intro: string, blocks: [string, string][][]): { text: string; html: string } {
  const hello = name ? `${t.greeting} ${oneLine(name, 100)},` : `${t.greeting},`;
  const text = [hello, '', intro, '', ...blocks.map((b) => textRows(b) + '\n'), '--', t.footer, ''].join('\n');
  const html = `<!doctype html><html><body><p>${escapeHtml(hello)}</p><p>${escapeHtml(intro)}</p>${blocks.map(htmlRows).join('<hr>')}<p style="color:#666">${escapeHtml(t.footer)}</p></body></html>`;
  return { text, html };
}

export function renderAlertMail(content: AlertContent): RenderedMail {
  const { alert } = content;
  // Operators are one team for every client: their alerts are in English.
  const language: AlertLanguage = alert.audience === 'operators' ? 'en' : (content.client?.language ?? 'nl');
  const t = TEXTS[language];
  const doc = content.documents[0];
  const clientName = content.client?.name ?? null;
  switch (alert.kind) {
    case 'late_delivery':
      return { subject: `${t.late}: ${subjectFacts(doc)}`, ...wrap(t, clientName, t.lateBody, doc ? [rows(doc, t, false)] : []) };
    case 'information_needed':
      return { subject: `${t.needed}: ${subjectFacts(doc)}`, ...wrap(t, clientName, t.neededBody, doc ? [rows(doc, t, true)] : []) };
    case 'information_reminder':
      return { subject: `${t.reminder}: ${subjectFacts(doc)}`, ...wrap(t, clientName, t.reminderBody, doc ? [rows(doc, t, true)] : []) };
    case 'client_digest': {
      const docs = content.documents;
      return { subject: `${t.digest} (${docs.length})`, ...wrap(t, clientName, t.digestBody, docs.map((d) => rows(d, t, true))) };
    }
    case 'no_document_reply': {
      const subject = content.mail?.subject ? `${t.reply}: ${oneLine(content.mail.subject, 60)}` : t.reply;
      return { subject, ...wrap(t, null, t.replyBody, []) };
    }
    case 'deadline_approaching':
    case 'deadline_breached': {
      const what = alert.kind === 'deadline_breached' ? 'Deadline breached' : 'Deadline approaching';
      const intro =
        alert.kind === 'deadline_breached'
          ? 'The deadline basis of this document has passed and it is not processed.'
          : 'The deadline basis of this unprocessed document is close.';
      const client = content.client ? `client ${content.client.code}` : '';
      return {
        subject: `${what}: ${subjectFacts(doc)}${client ? ` (${client})` : ''}`,
        ...wrap(TEXTS.en, null, `${intro} ${client ? `Client: ${content.client?.name} (${content.client?.code}).` : ''} Document ${doc?.documentId ?? '?'}.`, doc ? [rows(doc, TEXTS.en, true)] : []),
      };
    }
    case 'operator_digest':
      return content.operatorDigest ? renderOperatorDigest(content.operatorDigest) : { subject: 'Review queue', ...wrap(TEXTS.en, null, 'The review queue could not be read.', []) };
    default:
      return { subject: oneLine(alert.kind), ...wrap(t, clientName, alert.kind, []) };
  }
}

/**
 * The operators' morning digest: every client's documents in review, the most urgent first, with
 * working days left counted from the digest's day (so a resend after a crash says the same), and
 * the counts per reason of the whole queue. Operators see every client; still only the letter's
 * facts (client code, plate, reference), never a renter's data.
 */
function renderOperatorDigest(g: OperatorDigest): RenderedMail {
  const first = g.documents[0];
  const earliest = first ? (first.latestDeliveryDate ?? first.deadlineBasisDate) : null;
  const count = `${g.total} document${g.total === 1 ? '' : 's'}`;
  const subject = `Review queue: ${count} in review, earliest deliver-by ${earliest ? localDate(earliest) : 'unknown'}`;
  const intro = `${count} wait in review across all clients on ${localDate(g.day)}, the most urgent first.`;
  const byReason = g.byReason.map(([r, n]) => `${reasonLabel(r)}: ${n}`).join(' · ');
  const more = g.total - g.documents.length;
  const moreLine = more > 0 ? `… and ${more} more: see the review queue.` : 'See the review queue to work on them.';
  const row = (d: OperatorDigest['documents'][number]) => {
    const left = daysLeftText(d.latestDeliveryDate ? workingDaysUntil(g.day, d.latestDeliveryDate) : null);
    return {
      client: oneLine(d.clientCode, 40),
      plate: oneLine(d.plate ?? '–', 40),
      reference: oneLine(d.reference ?? '–', 80),
      reasons: d.reasons.map(reasonLabel).join(', ') || '–',
      deliverBy: localDate(d.latestDeliveryDate),
      left,
    };
  };
  const rows = g.documents.map(row);
  const text = [
    'Hello,',
    '',
    intro,
    '',
    `By reason: ${byReason || '–'}`,
    '',
    ...rows.map((r, i) => `${i + 1}. ${r.client} · ${r.plate} · ${r.reference} — ${r.reasons} — deliver by ${r.deliverBy} (${r.left})`),
    '',
    moreLine,
    '',
    '--',
    TEXTS.en.footer,
    '',
  ].join('\n');
  const cell = (v: string) => `<td>${escapeHtml(v)}</td>`;
  const html =
    `<!doctype html><html><body><p>Hello,</p><p>${escapeHtml(intro)}</p>` +
    `<p>By reason: ${escapeHtml(byReason || '–')}</p>` +
    `<table cellpadding="4" style="border-collapse:collapse"><tr><th align="left">#</th><th align="left">Client</th><th align="left">Plate</th><th align="left">Reference</th><th align="left">Reasons</th><th align="left">Deliver by</th><th align="left">Working days left</th></tr>` +
    rows.map((r, i) => `<tr>${cell(String(i + 1))}${cell(r.client)}${cell(r.plate)}${cell(r.reference)}${cell(r.reasons)}${cell(r.deliverBy)}${cell(r.left)}</tr>`).join('') +
    `</table><p>${escapeHtml(moreLine)}</p><p style="color:#666">${escapeHtml(TEXTS.en.footer)}</p></body></html>`;
  return { subject: oneLine(subject, 200), text, html };
}
