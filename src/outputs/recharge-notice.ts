// The notice a renter gets for a recharge: the fine that the client paid, its amount, the admin fee
// (the contract's, else the client's setup `adminFeeCents`, as the decision stored it), the total
// and where to pay it. In the client's language.
import { rechargeTotalCents } from '../domain/decision.js';
import { dayOf, euros, fileSafe, wallTime, type OutputFacts, type PrintModel } from './output-facts.js';

const WORDS = {
  nl: {
    title: 'Doorbelasting van een verkeersboete', to: 'Aan', intro: (client: string, contract: string) => `Tijdens uw huurovereenkomst ${contract} bij ${client} werd met het voertuig een overtreding vastgesteld. ${client} betaalt de boete aan de overheid en belast ze, met de administratiekosten, aan u door.`,
    reference: 'Referentie van de boete', plate: 'Nummerplaat', offenceAt: 'Tijdstip van de overtreding', offence: 'Overtreding', location: 'Plaats', issuer: 'Uitgegeven door',
    amount: 'Bedrag van de boete', fee: 'Administratiekosten', total: 'Totaal te betalen', pay: 'Betaling', iban: 'Rekeningnummer (IBAN)', payRef: 'Mededeling', payBy: 'Te betalen vóór',
    noIban: (client: string) => `Volgens de betalingsvoorwaarden van uw huurovereenkomst met ${client}.`, contract: 'Huurovereenkomst', dispute: (h: number) => `Bent u het niet eens met deze doorbelasting, laat het ${h ? `binnen ${h} uur` : 'meteen'} weten aan uw verhuurder.`,
  },
  fr: {
    title: "Refacturation d'une amende", to: 'À', intro: (client: string, contract: string) => `Pendant votre contrat de location ${contract} chez ${client}, une infraction a été constatée avec le véhicule. ${client} paie l'amende à l'autorité et vous la refacture, avec les frais administratifs.`,
    reference: "Référence de l'amende", plate: "Plaque d'immatriculation", offenceAt: "Date et heure de l'infraction", offence: 'Infraction', location: 'Lieu', issuer: 'Émise par',
    amount: "Montant de l'amende", fee: 'Frais administratifs', total: 'Total à payer', pay: 'Paiement', iban: 'Compte (IBAN)', payRef: 'Communication', payBy: 'À payer avant le',
    noIban: (client: string) => `Selon les conditions de paiement de votre contrat de location avec ${client}.`, contract: 'Contrat de location', dispute: (h: number) => `Si vous contestez cette refacturation, prévenez votre loueur ${h ? `dans les ${h} heures` : 'sans délai'}.`,
  },
  en: {
    title: 'Recharge of a traffic fine', to: 'To', intro: (client: string, contract: string) => `During your rental contract ${contract} with ${client}, an offence was recorded with the vehicle. ${client} pays the fine to the authority and charges it on to you, with the admin fee.`,
    reference: 'Fine reference', plate: 'Plate', offenceAt: 'Offence time', offence: 'Offence', location: 'Place', issuer: 'Issued by',
    amount: 'Fine amount', fee: 'Admin fee', total: 'Total to pay', pay: 'Payment', iban: 'Account (IBAN)', payRef: 'Payment reference', payBy: 'Pay before',
    noIban: (client: string) => `As set out in the payment terms of your rental contract with ${client}.`, contract: 'Rental contract', dispute: (h: number) => `If you dispute this recharge, tell your rental company ${h ? `within ${h} hours` : 'at once'}.`,
  },
} as const;

/** The payment reference a renter quotes: the contract and the fine, so the client can match the payment. */
export function rechargePaymentReference(f: OutputFacts): string {
  return `${f.contract.contractRef} / ${f.fine.reference ?? f.documentId.slice(0, 8)}`;
}

export function rechargeTotals(f: OutputFacts): { amountCents: number; adminFeeCents: number; totalCents: number } {
  // The decision stored the total (fine + fee) and the fee; the fine's amount is what was read.
  const adminFeeCents = f.recharge.adminFeeCents ?? 0;
  const amountCents = f.fine.amountCents ?? (f.recharge.totalCents ?? 0) - adminFeeCents;
  return { amountCents, adminFeeCents, totalCents: f.recharge.totalCents ?? rechargeTotalCents(amountCents, adminFeeCents) };
}

export function rechargeNoticeModel(f: OutputFacts): PrintModel {
  const w = WORDS[f.client.language];
  const { amountCents, adminFeeCents, totalCents } = rechargeTotals(f);
  const r = f.contract.renter;
  const fineRows: [string, string][] = [
    [w.reference, f.fine.reference ?? ''],
    [w.plate, f.fine.plate ?? ''],
    [w.offenceAt, wallTime(f.fine.offenceAt)],
  ];
  if (f.fine.description) fineRows.push([w.offence, f.fine.description]);
  if (f.fine.location) fineRows.push([w.location, f.fine.location]);
  if (f.fine.issuer) fineRows.push([w.issuer, f.fine.issuer]);
  fineRows.push([w.contract, f.contract.contractRef]);
  const payRows: [string, string][] = f.client.paymentIban
    ? [
        [w.iban, f.client.paymentIban],
        [w.payRef, rechargePaymentReference(f)],
      ]
    : [[w.payRef, rechargePaymentReference(f)]];
  if (f.fine.dueDate) payRows.push([w.payBy, dayOf(f.fine.dueDate)]);
  return {
    info: { title: `${w.title} ${f.fine.reference ?? ''}`.trim(), subject: 'recharge notice', creationDate: f.processedAt.toISOString() },
    title: w.title,
    sender: [f.client.name],
    addressee: [r.name ?? '', ...(r.address ? r.address.split(/\s*,\s*|\n/) : [])].filter(Boolean),
    blocks: [
      { type: 'paragraph', text: w.intro(f.client.name, f.contract.contractRef) },
      { type: 'rows', rows: fineRows },
      {
        type: 'rows',
        rows: [
          [w.amount, euros(amountCents)],
          [w.fee, euros(adminFeeCents)],
          [w.total, euros(totalCents)],
        ],
      },
      { type: 'heading', text: w.pay },
      ...(f.client.paymentIban ? [] : [{ type: 'paragraph' as const, text: w.noIban(f.client.name) }]),
      { type: 'rows', rows: payRows },
      { type: 'paragraph', text: w.dispute(f.client.disputeWindowHours) },
    ],
  };
}

export function rechargeNoticeFilename(f: OutputFacts): string {
  return `recharge-notice-${fileSafe(f.fine.reference, f.documentId.slice(0, 8))}.pdf`;
}
