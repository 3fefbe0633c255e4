// The case pack of a redirect decision: what an operator files with the authority that sent the
// fine, shaped for that authority's channel (no authority publishes a bulk format for fleet owners;
// each takes a form, a letter or an e-mail per case). Every pack carries the fine reference, plate,
// offence time, the renter's name, address and birth date or company number, the contract reference
// and period, and the client as registered holder; fields an authority asks for that the contract
// does not give are printed as missing, never left out silently.
import { renterFieldsAskedBy, type AuthorityFamily, type RenterField } from '../domain/outputs.js';
import { dayOf, fileSafe, wallTime, type OutputFacts, type PrintBlock, type PrintModel } from './output-facts.js';

type Lang = 'nl' | 'fr' | 'de' | 'en';

const WORDS = {
  nl: {
    reference: 'Referentie', plate: 'Nummerplaat', offenceAt: 'Tijdstip van de overtreding', location: 'Plaats', offence: 'Overtreding',
    deadline: 'Termijn om de bestuurder te identificeren', holder: 'Houder van de inschrijving', contract: 'Huurovereenkomst', period: 'Huurperiode',
    renter: 'Huurder (bestuurder)', missing: 'ONTBREEKT: op te vragen bij de huurder', missingHeading: 'Ontbrekende gegevens', open: 'lopend',
    fields: { name: 'Naam en voornamen', address: 'Adres', birthDate: 'Geboortedatum', birthPlace: 'Geboorteplaats', companyNumber: 'Ondernemingsnummer', drivingLicenceNumber: 'Rijbewijsnummer', drivingLicenceDate: 'Datum van afgifte rijbewijs' },
  },
  fr: {
    reference: 'Référence', plate: "Plaque d'immatriculation", offenceAt: "Date et heure de l'infraction", location: 'Lieu', offence: 'Infraction',
    deadline: 'Délai pour désigner le conducteur', holder: "Titulaire de l'immatriculation", contract: 'Contrat de location', period: 'Période de location',
    renter: 'Locataire (conducteur)', missing: 'MANQUANT : à demander au locataire', missingHeading: 'Données manquantes', open: 'en cours',
    fields: { name: 'Nom et prénoms', address: 'Adresse', birthDate: 'Date de naissance', birthPlace: 'Lieu de naissance', companyNumber: "Numéro d'entreprise", drivingLicenceNumber: 'Numéro du permis de conduire', drivingLicenceDate: 'Date de délivrance du permis' },
  },
  de: {
    reference: 'Aktenzeichen', plate: 'Kennzeichen', offenceAt: 'Tatzeit', location: 'Tatort', offence: 'Tatvorwurf',
    deadline: 'Antwort bis', holder: 'Fahrzeughalter', contract: 'Mietvertrag', period: 'Mietzeitraum',
    renter: 'Mieter (Fahrzeug überlassen an)', missing: 'FEHLT: beim Mieter zu erfragen', missingHeading: 'Fehlende Angaben', open: 'laufend',
    fields: { name: 'Name, Vornamen', address: 'Anschrift', birthDate: 'Geburtsdatum', birthPlace: 'Geburtsort', companyNumber: 'Handelsregisternummer', drivingLicenceNumber: 'Führerscheinnummer', drivingLicenceDate: 'Ausstellungsdatum Führerschein' },
  },
  en: {
    reference: 'Reference', plate: 'Plate', offenceAt: 'Offence time', location: 'Place', offence: 'Offence',
    deadline: 'Deadline to name the driver', holder: 'Registered holder', contract: 'Rental contract', period: 'Rental period',
    renter: 'Renter (driver)', missing: 'MISSING: to be obtained from the renter', missingHeading: 'Missing data', open: 'open-ended',
    fields: { name: 'Name and first names', address: 'Address', birthDate: 'Date of birth', birthPlace: 'Place of birth', companyNumber: 'Company number', drivingLicenceNumber: 'Driving licence number', drivingLicenceDate: 'Driving licence issue date' },
  },
} as const;

function packLanguage(family: AuthorityFamily, letter: Lang | null): Lang {
  switch (family) {
    case 'nl_cjib':
      return 'nl';
    case 'fr_antai':
      return 'fr';
    case 'de_authority':
      return 'de';
    case 'be_police':
    case 'be_lez':
      // A Belgian authority is answered in the language of its letter (nl, fr or de).
      return letter === 'fr' || letter === 'de' ? letter : 'nl';
    case 'generic':
      return letter ?? 'en';
  }
}

function renterValue(f: OutputFacts, field: RenterField): string | null {
  const r = f.contract.renter;
  switch (field) {
    case 'name':
      return r.name;
    case 'address':
      return r.address;
    case 'birthDate':
      return r.birthDate ? dayOf(r.birthDate) : null;
    case 'companyNumber':
      return r.companyNumber;
    // Contracts do not carry these (yet): the authority asks, the operator gets them from the renter.
    case 'birthPlace':
    case 'drivingLicenceNumber':
    case 'drivingLicenceDate':
      return null;
  }
}

const TITLES: Record<AuthorityFamily, (f: OutputFacts) => string> = {
  be_police: (f) => (packLanguage('be_police', f.fine.language) === 'fr' ? 'Identification du conducteur' : packLanguage('be_police', f.fine.language) === 'de' ? 'Identifizierung des Fahrers' : 'Identificatie van de bestuurder'),
  be_lez: (f) => (packLanguage('be_lez', f.fine.language) === 'fr' ? 'Zone de basses émissions : désignation du locataire' : 'Lage-emissiezone: identificatie van de huurder'),
  nl_cjib: () => 'Mededeling huurder (artikel 8 WAHV)',
  fr_antai: () => 'Désignation du conducteur (véhicule loué)',
  de_authority: () => 'Antwort auf den Zeugenfragebogen / Anhörungsbogen',
  generic: () => 'Designation of the renter',
};

function addressee(f: OutputFacts): string[] {
  const issuer = f.fine.issuer ? [f.fine.issuer] : [];
  switch (f.family) {
    case 'nl_cjib':
      // Art. 8 WAHV: the lessor names the renter to the public prosecutor's central processing unit.
      return ['Openbaar Ministerie', 'Centrale Verwerking Openbaar Ministerie (CVOM)', 'p/a Centraal Justitieel Incassobureau'];
    case 'fr_antai':
      return ['Agence Nationale de Traitement Automatisé des Infractions (ANTAI)', 'Service de désignation'];
    case 'be_lez':
      return [...issuer, 'LEZ-dienst / service LEZ (per e-mail)'];
    default:
      return issuer.length ? issuer : ['(the authority named on the fine)'];
  }
}

/** The statement each channel asks for, in its words. */
function statement(f: OutputFacts, lang: Lang): string {
  const holder = f.client.name;
  const plate = f.fine.plate ?? '';
  const when = wallTime(f.fine.offenceAt);
  const ref = f.fine.reference ?? '';
  const contract = f.contract.contractRef;
  const period = periodText(f, lang);
  switch (f.family) {
    case 'nl_cjib':
      return `${holder}, kentekenhouder van het voertuig met kenteken ${plate}, deelt u op grond van artikel 8 van de Wet administratiefrechtelijke handhaving verkeersvoorschriften (WAHV) mee dat het voertuig op het tijdstip van de gedraging (${when}) krachtens een schriftelijke huurovereenkomst (nummer ${contract}, ${period}) in gebruik was bij de hieronder genoemde huurder. Wij verzoeken u de beschikking met nummer ${ref} op naam van de huurder te stellen. Een afschrift van de huurovereenkomst kan op verzoek worden overgelegd.`;
    case 'fr_antai':
      return `${holder}, titulaire du certificat d'immatriculation du véhicule ${plate}, désigne comme conducteur au moment de l'infraction (${when}, avis de contravention n° ${ref}) le locataire ci-dessous, à qui le véhicule était loué sous le contrat n° ${contract} (${period}). Désignation en ligne sur antai.gouv.fr (« Cas 2 : je prêtais mon véhicule ») ou par le formulaire de requête en exonération joint à l'avis, dans les 45 jours.`;
    case 'de_authority':
      return `${holder} ist Halterin des Fahrzeugs mit dem Kennzeichen ${plate}. Das Fahrzeug war zur Tatzeit (${when}) auf Grund des Mietvertrags Nr. ${contract} (${period}) überlassen an die unten genannte Person. Wir bitten, das Verfahren (Aktenzeichen ${ref}) gegen diese Person zu richten.`;
    case 'be_lez':
      return lang === 'fr'
        ? `${holder}, titulaire de l'immatriculation du véhicule ${plate}, déclare que ce véhicule était loué au moment du constat (${when}, référence ${ref}) au locataire ci-dessous, sous le contrat n° ${contract} (${period}). Nous demandons que l'amende soit adressée au locataire.`
        : `${holder}, houder van de inschrijving van het voertuig ${plate}, verklaart dat dit voertuig op het ogenblik van de vaststelling (${when}, referentie ${ref}) verhuurd was aan de hieronder genoemde huurder, onder huurovereenkomst nr. ${contract} (${period}). Wij vragen de boete op naam van de huurder te zetten.`;
    case 'be_police':
      return lang === 'fr'
        ? `${holder}, titulaire de l'immatriculation du véhicule ${plate}, identifie comme conducteur au moment de l'infraction (${when}, PV n° ${ref}) le locataire ci-dessous (contrat n° ${contract}, ${period}), conformément à l'article 67ter de la loi relative à la police de la circulation routière. À encoder dans le formulaire d'identification en ligne (Justonweb.be/fines) dans l'ordre ci-dessous, dans les 15 jours.`
        : lang === 'de'
        ? `${holder}, Halter des Fahrzeugs ${plate}, benennt als Fahrer zur Tatzeit (${when}, Protokoll Nr. ${ref}) den unten genannten Mieter (Mietvertrag Nr. ${contract}, ${period}), gemäß Artikel 67ter des Straßenverkehrsgesetzes. Im Online-Identifizierungsformular (Justonweb.be/fines) in dieser Reihenfolge einzugeben, binnen 15 Tagen.`
        : `${holder}, houder van de inschrijving van het voertuig ${plate}, identificeert als bestuurder op het ogenblik van de overtreding (${when}, PV nr. ${ref}) de hieronder genoemde huurder (huurovereenkomst nr. ${contract}, ${period}), overeenkomstig artikel 67ter van de wegverkeerswet. In te vullen in het online identificatieformulier (Justonweb.be/fines) in deze volgorde, binnen 15 dagen.`;
    case 'generic':
      return `${holder}, the vehicle's registered holder, states that vehicle ${plate} was rented at the time of the offence (${when}, reference ${ref}) to the renter below under rental contract ${contract} (${period}), and asks that the fine be re-issued in the renter's name.`;
  }
}

function periodText(f: OutputFacts, lang: Lang): string {
  const w = WORDS[lang];
  return `${w.period.toLowerCase()} ${wallTime(f.contract.startsAt)} – ${f.contract.endsAt ? wallTime(f.contract.endsAt) : w.open}`;
}

export function redirectPackModel(f: OutputFacts): PrintModel {
  const lang = packLanguage(f.family, f.fine.language);
  const w = WORDS[lang];
  const asked = renterFieldsAskedBy(f.family, f.contract.renter.type);
  // Every pack names the renter's birth date or company number even where the form does not ask.
  if (f.contract.renter.type !== 'company' && !asked.includes('birthDate')) asked.push('birthDate');
  const missing: string[] = [];
  const renterRows: [string, string][] = asked.map((field) => {
    const value = renterValue(f, field);
    if (!value) missing.push(w.fields[field]);
    return [w.fields[field], value ?? w.missing];
  });
  const fineRows: [string, string][] = [
    [w.reference, f.fine.reference ?? ''],
    [w.plate, f.fine.plate ?? ''],
    [w.offenceAt, wallTime(f.fine.offenceAt)],
  ];
  if (f.fine.location) fineRows.push([w.location, f.fine.location]);
  if (f.fine.description) fineRows.push([w.offence, f.fine.description]);
  if (f.fine.redirectDeadline) fineRows.push([w.deadline, dayOf(f.fine.redirectDeadline)]);
  const blocks: PrintBlock[] = [];
  if (f.family === 'be_lez') {
    // The city takes this by e-mail: the subject line and body are ready to paste.
    const subject = lang === 'fr' ? `Amende LEZ ${f.fine.reference ?? ''} – ${f.fine.plate ?? ''} – désignation du locataire` : `LEZ-boete ${f.fine.reference ?? ''} – ${f.fine.plate ?? ''} – identificatie huurder`;
    blocks.push({ type: 'rows', rows: [[lang === 'fr' ? 'Objet de l’e-mail' : 'Onderwerp van de e-mail', subject]] });
  }
  blocks.push(
    { type: 'rows', rows: fineRows },
    { type: 'paragraph', text: statement(f, lang) },
    { type: 'heading', text: w.renter },
    { type: 'rows', rows: renterRows },
    { type: 'heading', text: w.contract },
    {
      type: 'rows',
      rows: [
        [w.contract, f.contract.contractRef],
        [w.period, `${wallTime(f.contract.startsAt)} – ${f.contract.endsAt ? wallTime(f.contract.endsAt) : w.open}`],
        [w.holder, f.client.name],
      ],
    },
  );
  if (missing.length) blocks.push({ type: 'heading', text: w.missingHeading }, { type: 'paragraph', text: missing.join('; ') });
  const title = TITLES[f.family](f);
  return {
    info: { title: `${title} ${f.fine.reference ?? ''}`.trim(), subject: `redirect ${f.family}`, creationDate: f.processedAt.toISOString() },
    title,
    sender: [f.client.name, `${w.holder}`],
    addressee: addressee(f),
    blocks,
  };
}

export function redirectPackFilename(f: OutputFacts): string {
  return `redirect-${f.family.replace('_', '-')}-${fileSafe(f.fine.reference, f.documentId.slice(0, 8))}.pdf`;
}
