// Label vocabularies per field in Dutch, French, German and English, written in folded form
// (lower case, no accents). Order is priority: specific wording before generic wording.

const words = (...alternatives: string[]): RegExp => new RegExp(`(?:^|[^a-z])(?:${alternatives.join('|')})(?![a-z])`);

export const LABELS = {
  reference: [
    words(
      'pv[- ]?(?:nummer|nr\\.?|n°)', 'nummer (?:van het )?proces-verbaal', 'proces-verbaal (?:nr\\.?|nummer|n°)',
      'num[eé]ro (?:de |du )?(?:pv|proces-verbal)', 'n° (?:de )?(?:pv|proces-verbal)', 'pv n°',
      'cjib[- ]?(?:nummer|nr\\.?)', 'beschikkingsnummer', 'n° (?:d\'|de l\')avis', 'numero (?:d\'|de l\')avis',
      'aktenzeichen', 'az\\.', 'kassenzeichen',
    ),
    words(
      'dossiernummer', 'dossier ?(?:nr\\.?|n°)', 'n° de dossier', 'numero de dossier', 'factuurnummer', 'factuur ?(?:nr\\.?|n°)',
      'num[eé]ro de facture', 'facture n°', 'onze referentie', 'referentie', 'kenmerk', 'notre reference', 'reference',
      'file number', 'reference number',
    ),
  ],
  plate: [
    words(
      'nummerplaat', 'kentekenplaat', 'kenteken(?:nummer)?', 'inschrijvingsplaat', 'inschrijvingsnummer',
      'plaque d\'immatriculation', 'n° d\'immatriculation', 'numero d\'immatriculation', 'immatriculation', 'immatricule(?:e|s)?',
      'amtliches kennzeichen', 'kennzeichen', 'kontrollschild', 'nummernschild', 'plaque minera(?:logique)?', 'numero de plaque',
      'licence plate', 'license plate', 'vehicle registration(?: mark| number)?', 'registration (?:mark|number|no\\.?)', 'registration', 'vrm', 'reg\\. no\\.?',
    ),
    words('voertuig', 'vehicule', 'fahrzeug', 'vehicle', 'plaat', 'plaque'),
  ],
  offence: [
    words(
      'datum en (?:uur|tijdstip) van (?:de )?(?:overtreding|vaststelling|feiten)', 'datum van (?:de )?(?:overtreding|vaststelling|feiten)',
      'datum (?:overtreding|feiten|vaststelling)', 'tijdstip (?:van (?:de )?)?(?:vaststelling|overtreding)', 'pleegdatum', 'datum en tijdstip', 'datum/tijd(?:stip)?',
      'date et heure (?:de l\'infraction|des faits|de la constatation)', 'date (?:de l\'infraction|des faits|de (?:la )?constatation)',
      'tatzeit', 'tattag', 'tatdatum', 'datum/uhrzeit', 'datum und uhrzeit', 'date and time of (?:the )?offen[cs]e',
      'date of (?:the )?(?:contravention|offen[cs]e|infringement|violation|crossing|passage|journey)',
    ),
    words('date et heure', 'datum'),
  ],
  offenceTime: [words('pleegtijd', 'uur', 'tijdstip', 'tijd', 'heure', 'uhrzeit', 'tatzeit', 'time')],
  dueDate: [
    words(
      'uiterste betaaldatum', 'uiterste betalingsdatum', 'payment deadline', 'payment due(?: date| by)?', 'delai de paiement(?: jusqu\'au)?', 'uiterlijk te betalen (?:op|voor)', 'te betalen (?:uiterlijk )?(?:op|voor|tegen|vóór)', 'betalen voor',
      'vervaldatum', 'vervaldag', 'a payer (?:au plus tard )?(?:le|pour le|avant le)', 'date limite de paiement', 'payable (?:avant|jusqu\'au) le',
      'date d\'echeance', 'echeance', 'zahlbar bis(?: zum)?', 'zu zahlen bis(?: zum)?', 'zahlungsfrist(?: bis)?', 'fallig (?:am|bis)', 'due date', 'pay by', 'scadenza(?: pagamento)?', 'pagopa expiry(?: date)?', 'end of the (?:voluntary )?payment period',
    ),
  ],
  redirectDeadline: [
    words(
      'uiterste datum (?:voor )?(?:de )?(?:aanwijzing|identificatie|mededeling|antwoord|overdracht)', 'te antwoorden (?:uiterlijk )?(?:op|voor)',
      'antwoorden (?:uiterlijk )?(?:op|voor)', 'identificatie (?:van de bestuurder )?(?:uiterlijk|voor)',
      'date limite de (?:designation|reponse|renvoi)', 'date limite (?:de paiement )?et de designation', 'designation (?:du conducteur )?(?:avant le|au plus tard le)', 'repondre (?:avant le|au plus tard le)',
      'a renvoyer (?:avant le|au plus tard le)', '(?:ruck)?antwort bis(?: zum)?', 'rucksendung bis(?: zum)?', 'ruckmeldung bis(?: zum)?', 'reply by',
    ),
  ],
  documentDate: [
    words(
      'datum van verzending', 'verzonden op', 'verzenddatum', 'datum (?:van (?:de|deze) )?beschikking', 'dagtekening', 'datum (?:van de |van deze )?brief',
      'date d\'envoi', 'date d\'emission', 'date de l\'avis', 'envoye le', 'fait le', 'datum des schreibens', 'bescheiddatum', 'briefdatum', 'schreibdatum', 'ausstellungsdatum',
      'date of issue', 'issued', '(?:this|the) (?:notice|letter|reminder) is dated', 'invoice date', 'rechnungsdatum', 'date of (?:this )?(?:certificate|invoice)', 'factuurdatum', 'date de (?:la )?facture', 'ausgestellt am', 'ausfertigungsdatum', 'versanddatum', 'versandt am', 'date d\'expedition', 'date sent', 'date of dispatch', 'issued on', 'date of (?:this )?(?:notice|letter)',
      // A date label naming the letter itself: "Datum herinnering", "Date du rappel", "Datum der Mahnung".
      '(?:datum|date)(?: van (?:de|deze))?(?: du| de la| de l\'| der| des| of(?: the| this)?)? (?:herinnering|aanmaning|brief|rappel|lettre|courrier|avis|mahnung|aufforderung|bescheids?|schreibens|notice|reminder|letter)',
    ),
    words('datum', 'date'),
  ],
  amount: [
    words(
      'totaal te betalen', 'te betalen bedrag', 'bedrag te betalen', 'verschuldigd bedrag', 'bedrag van de (?:onmiddellijke inning|boete|retributie|schikking|sanctie)',
      'boetebedrag', 'montant a payer', 'montant de (?:la perception|l\'amende|la redevance|la transaction)', 'somme a payer', 'montant du(?= *(?::|€|eur|\\d|$|est\\b|s\'eleve))',
      'zu zahlender betrag', 'verwarnungsgeld(?:betrag)?', 'amount due', 'amount to pay',
      // What a reminder says is still owed: "Now payable EUR 85.00", "Nog te betalen", "Reste à payer".
      'now payable', 'amount now due', 'total payable', 'balance due', 'amount outstanding', 'outstanding amount', 'nog te betalen', 'openstaand bedrag',
      'reste a payer', 'reste du', 'montant restant du', 'offener betrag', 'noch zu zahlen(?:der betrag)?', 'restbetrag', 'noch offen',
      'nacherhebungsbetrag', 'zahlbetrag', 'forderungsbetrag', 'gesamtforderung',
      '(?:administratieve )?geldboete van', 'boete van', 'une amende de', 'amende administrative', 'administratieve geldboete', 'bu(?:ss|ß)geld (?:in hohe )?von', 'a fine of',
    ),
    words('te betalen', 'bedrag', 'montant', 'betrag', 'amount', 'totaal', 'total', 'gesamt'),
    // "Fine EUR 300.00": the penalty's own name as a row label, at the start of its line (in prose it is a noun).
    /^(?:fine|penalty|boete|geldboete|amende|geldbu(?:ss|ß)e)(?![a-z])/,
  ],
  location: [
    words('plaats van (?:de )?(?:overtreding|vaststelling|feiten)', 'lieu de (?:l\'infraction|la constatation|stationnement)', 'tatort', 'ort der tat', 'locatie', 'plaats', 'lieu', 'location', 'adres van de overtreding'),
  ],
  description: [
    words('omschrijving(?: van de overtreding)?', 'aard van de overtreding', 'nature de l\'infraction', 'qualification', 'tatvorwurf', 'tatbestand', 'overtreding', 'infraction', 'description', 'motif'),
  ],
} as const;

/** Costs a total says it includes ("retributie incl. administratiekosten"), or says it has none ("sans frais"), do not make it a partial amount. */
export const INCLUDED_COSTS =
  /\b(?:incl\.?|inclusief|inbegrepen|y compris|inclus|inkl\.?|einschl(?:ie(?:ss|ß)lich|\.)?|including)\s+[^,;)]*|\b(?:sans frais|zonder (?:extra )?kosten|ohne (?:weitere )?kosten|kostenfrei|free of (?:charge|costs)|without (?:additional )?costs)\b/g;

/** Words by which a letter names a reduction for paying early ("réduite", "minorée", "korting", "Skonto", "discount"). */
export const EARLY_PAYMENT_REDUCTION = /reduit|\breduction\b|riduzion|ridott|minore|verminder|gereduceerd|verlaagd|laagst|korting|ermassig|skonto|rabatt|nachlass|reduced|discount|\bhalf (?:of )?the\b|\bde helft\b|\bla moitie\b|\bdie halfte\b|\bhalve boete\b|\bhalf-fine\b|\bhalf fine\b/;

/** Words that mark an amount as a reduced, increased or partial one: never the standard amount. */
export const NON_STANDARD_AMOUNT = new RegExp(String.raw`(${EARLY_PAYMENT_REDUCTION.source}|` + /(?:wanneer|als|indien) u binnen|bij betaling binnen|(?:paiement|payment|betaling|zahlung) (?:sous|dans les|within|binnen|innerhalb(?: von)?) \d{1,2} (?:jours|days|dagen|tagen)\s*:?\s*(?:€|eur\w*)?\s*\d|si vous (?:payez|reglez) dans|(?:wenn|falls) sie innerhalb|if (?:you pay|paid) within|hoger dan|higher than|\b(?:after (?:that|this|the due|the above) date|na (?:deze|die) datum|na de vervaldatum|apres cette date|apres la date (?:limite|d'echeance)|nach diesem (?:datum|tag))\b|plus eleve|minor|verhoog|vermeerder|hoogst genoemde|stijgt|majore|majoration|augment|erhoh|steigt|kosten|frais|gebuhr|spesen|zuschlag|bijdrage|contribution|toegevoegd|s'ajout|zuzuglich|remise|increased|rises to|administratiekost|administratieve kost|frais administratif|admin(?:istration)? fee/.source + ')');

/** A sentence that demands the increased amount itself: "The increased fixed charge of EUR 60.00 must be paid by 08/12/2026". */
export const INCREASED_DEMAND = /\b(?:increased|verhoogde?|majoree?|erhohte[rn]?)\b(?:[^.]|\.\d){0,50}\b(?:must be paid|is (?:now )?(?:payable|due)|(?:is|are) now due|moet (?:nu )?(?:worden )?betaald|dient (?:nu )?(?:te worden )?betaald|doit etre (?:paye|regle|acquitte)e?|(?:ist|sind) [^.]{0,20}zu (?:zahlen|bezahlen))/;

/**
 * A line with its bracketed asides about another amount blanked out: "Parking charge: EUR 45.00, payable by
 * 13/11/2026 (EUR 25.00 only if paid within ten days)" states the standard amount and its last day; the
 * reduced offer in brackets is the aside's, not the line's.
 */
export const withoutNonStandardAside = (folded: string) =>
  folded.replace(/\([^()]*\)/g, (aside) => (/\d/.test(aside) && NON_STANDARD_AMOUNT.test(aside) ? ' '.repeat(aside.length) : aside));

// Parking charges are recognised by retribution/invoice wording: a police fine for a parking
// offence mentions parking too, and is a fine.
/** Reference labels as plain words (letters and digits only), for OCR-garbled labels matched nearly. */
export const REFERENCE_LABEL_WORDS = [
  'pvnummer', 'pvnr', 'cjibnummer', 'beschikkingsnummer', 'factuurnummer', 'dossiernummer', 'numerodepv', 'numerodupv',
  'ndepv', 'ndavis', 'numerodavis', 'aktenzeichen', 'kassenzeichen', 'referentie', 'kenmerk', 'reference',
];

/** Due-date labels as plain words, for OCR-garbled labels matched nearly. */
export const DUE_DATE_LABEL_WORDS = [
  'uiterstebetaaldatum', 'vervaldatum', 'vervaldag', 'datelimitedepaiement', 'apayerauplustardle', 'zahlbarbis', 'zahlbarbiszum', 'duedate',
];

export const KIND_KEYWORDS: { kind: 'identification_request' | 'parking_charge' | 'fine'; re: RegExp; weight: number }[] = [
  { kind: 'identification_request', re: /vraag om inlichtingen|verzoek (?:tot|om) identificatie|verzoek om bestuurdersgegevens|bestuurdersgegevens|auskunftsersuchen|lenkerauskunft|lenkererhebung|auskunft uber den lenker|bekanntgabe des lenkers|(?:bekanntgabe|nennung|benennung) (?:der|des) (?:fahrzeug)?(?:lenker|fuhrer|fahrer)|identifizierung des fahrers|fahrerauskunft|identificatie van de bestuurder|demande de renseignements|designation du conducteur|identification du conducteur|anhorungsbogen|zeugenfragebogen|fahrerermittlung|request to identify|identify the driver|identification of the (?:driver|renter|hirer|lessee)|driver identification|request for (?:the )?(?:driver|identification)|identification du conducteur|demande d'identification|identificeren van de bestuurder|(?:bekendmaking|mededeling|opgave|kenbaarmaking) van de (?:bestuurder|huurder)|benennung (?:des|der) (?:fahrers|fahrerin)|halteranfrage|fragebogen an den (?:fahrzeug)?halter|als (?:fahrzeug)?halter angehort|halteranhorung|ermittlung (?:der fahrerin|des fahrers)/g, weight: 3 },
  { kind: 'parking_charge', re: /parkeerretributie|besitzstorung|daily (?:parking )?ticket|parking ticket|dagtarief|uurtarief|tarif journalier|tarif horaire|tagestarif|tagespauschale|stundentarif|daily (?:rate|tariff)|hourly (?:rate|tariff)|retributie|parkeerheffing|parkeerfactuur|naheffingsaanslag|parkeerbelasting|controletarief|parkeervergoeding|parkeervoorwaarden|vertragsstrafe|nutzungsentgelt|parkentgelt|parkeervordering|parking fee|parkeertarief|parkeergeld|redevance de stationnement|redevance|forfaits? (?:de )?post[- ]?stationnement|parkgebuhr|parking charge|control fee|kontrollavgift|parking control|car park operator|private car park|parking operator|conditions generales|algemene voorwaarden|terms and conditions|geschaftsbedingungen|sortie sans (?:paiement|reglement)|exit without payment/g, weight: 2 },
  { kind: 'fine', re: /contraordena|\bcoimas?\b|noti(?:ce|fication) of (?:an? )?(?:\w+ )?offen[cs]e|onmiddellijke inning|perceptions? immediates?|avertissements? taxes?|minnelijke schikking|transaction|beschikking|cjib|avis de contravention|amende forfaitaire|contravention|verwarnung(?:sgeld)?|bussgeld|ordnungsbussen?|bußgeld|ordnungswidrigkeit|lage-emissiezone|\blez\b|zone de basses emissions|umweltzone|low emission zone|zona de bajas emisiones|\bzbe\b|amount of the fine|\bfine\b|minor offen[cs]es? act|snelheidsovertreding|exces de vitesse|geschwindigkeitsuberschreitung|proces-verbaal|boete|amende|\binbreuk|parkeerinbreuk|\bgas[- ](?:parkeer)?(?:inbreuk|boete|sanctie|vaststelling)|gemeentelijke administratieve sanctie|sanction administrative|traffic fine|penalty charge notice|penalty|fixed charge|notice of violation|verbale|unpaid toll|toll invoice|toll charge|toll station|bridge tariff|bridge toll|passage charge|road user charg|crossing charge|congestion charge|congestion tax|trangselskatt|onbetaalde doortocht|tolheffing|peage|ersatzmaut|maut(?:gebuhr|nachforderung|nacherhebung)|nacherhebung der maut|nacherhebungsbetrag|anonymverfugung|strafverfugung|organstrafverfugung|verwaltungsstrafe|sofortigen? erhebung|ubertretung|geldstrafe|strafbetrag|kostenbescheid/g, weight: 1 },
];

/** A letter that says it asks for no money ("U hoeft niets te betalen"): whatever else it names, it asks for a name. */
export const NOTHING_TO_PAY = /(?:hoeft|moet) (?:u )?(?:nu |nog )?niets te betalen|betaal (?:nu )?(?:nog )?niets|zahlen sie .{0,20}nichts|bitte nichts (?:zu )?(?:zahlen|uberweisen)|(?:uberweisen|zahlen|bezahlen) sie (?:bitte )?(?:noch )?kein(?:en)? (?:geld|betrag)|(?:eine )?zahlung ist (?:jetzt |derzeit |zurzeit |noch )?nicht zu leisten|keine zahlung (?:zu leisten|erforderlich)|ne payez rien|do not pay anything|(?:please )?do not pay any (?:amount|sum|money)|hoeft .{0,30}niet te betalen|vous n'avez (?:rien|pas) a payer|ne devez (?:rien|pas) payer|(?:haben|mussen) .{0,40}nichts zu (?:zahlen|bezahlen)|do not have to pay|need not pay|geen betaling (?:nodig|vereist|verschuldigd|verwacht)|rien a payer|aucun paiement n'est (?:du|demande|requis|exige)|aucune somme n'est (?:due|demandee|a payer)|nichts (?:zu )?(?:zahlen|bezahlen)|keine zahlung (?:erforderlich|notwendig|zu leisten|leisten)|nothing to pay|no payment is (?:due|required|requested)|(?:do|does|need|is|are) not (?:need to |have to |required to |obliged to )?pay|(?:has|have) nothing to pay|(?:is|are) not (?:being )?asked to pay|(?:wird|werden) kein(?:e|en)? (?:betrag|zahlung|geld) (?:verlangt|gefordert)|kein(?:e)? (?:betrag|zahlung) (?:wird )?(?:verlangt|gefordert)|aucun montant ne vous est (?:demande|reclame)|(?:er )?wordt (?:u )?geen (?:bedrag|betaling) (?:gevraagd|gevorderd)|(?:zahlen|uberweisen|bezahlen) sie (?:jetzt |bitte |jetzt bitte |bitte jetzt )?nichts/;

export const LANGUAGE_WORDS: Record<'nl' | 'fr' | 'de' | 'en', RegExp> = {
  nl: /\b(de|het|van|een|en|voor|op|met|niet|uw|te|bedrag|datum|binnen)\b/g,
  fr: /\b(le|la|les|de|des|du|et|pour|votre|vous|est|au|montant|dans)\b/g,
  de: /\b(der|die|das|und|fur|sie|ihr|ihre|nicht|mit|bis|zum|betrag|innerhalb)\b/g,
  en: /\b(the|of|and|for|your|you|is|to|amount|within)\b/g,
};

export const NUMBER_WORDS: Record<string, number> = {
  een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, elf: 11, twaalf: 12, veertien: 14, vijftien: 15,
  eenentwintig: 21, achtentwintig: 28,
  twintig: 20, dertig: 30, veertig: 40, vijfenveertig: 45, zestig: 60, negentig: 90,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, quatorze: 14, quinze: 15,
  'vingt et un': 21, 'vingt-huit': 28,
  vingt: 20, trente: 30, quarante: 40, 'quarante-cinq': 45, soixante: 60, 'quatre-vingt-dix': 90,
  ein: 1, eine: 1, einer: 1, zwei: 2, drei: 3, funf: 5, fuenf: 5, sechs: 6, sieben: 7, neun: 9, zehn: 10, zwolf: 12, vierzehn: 14, funfzehn: 15,
  einundzwanzig: 21, achtundzwanzig: 28,
  zwanzig: 20, dreissig: 30, dreißig: 30, vierzig: 40, sechzig: 60,
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fourteen: 14, fifteen: 15,
  twenty: 20, 'twenty-one': 21, 'twenty-eight': 28, thirty: 30, 'forty-five': 45, sixty: 60, ninety: 90,
};

/** "binnen vijftien (15) dagen", "dans un délai de 45 jours", "innerhalb von zwei Wochen", "within 30 days", "uiterlijk zes weken (na …)". */
export const PERIOD = /(?:binnen(?: een termijn van)?|(?:betaal)?termijn van|zahlungsfrist (?:von|betragt)|frist von|a period of|(?:dans |d')?(?:un|le) (?:(?:dernier|nouveau|ultime) )?delai (?:supplementaire )?(?:de [a-z]+ )?d(?:e\s|')|dans les|innerhalb(?: von| einer frist von)?|innert|endeans(?: les)?|sous|within(?: a period of| the next)?|uiterlijk|ten laatste|au plus tard|spatestens|no later than|not later than|(?:vous )?disposez d(?:e\s|')|(?:u )?beschikt (?:u )?over|you have|no more than|not more than|niet later dan)\s*(?:([a-z-]+)\s+)?(?:\(?(\d{1,3})\)?\s+)?(kalenderdagen|werkdagen|dagen|dag|weken|week|maanden|maand|jours(?: calendrier)?|jour|semaines|semaine|mois|kalendertagen|kalendertage|tagen|tage|tag|wochen|woche|monaten|monat|calendar days|days|day|weeks|week|months|month)\b/;

/** A period that refers to the one stated before it: "binnen dezelfde termijn", "dans le même délai". */
export const SAME_PERIOD = /(?:binnen )?(?:dezelfde|diezelfde) (?:bezwaar|beroeps|betalings)?termijn|(?:dans )?le meme delai|dans ce (?:meme )?delai|innerhalb (?:derselben|dieser) frist|(?:within )?the same (?:\d{1,3}[- ]day )?period|within that period/;

/** An account number as printed ("BE71 0910 0025 6869", "IT00 X000 0000 …"): readIban's value, and a letter's sign that it can be paid. */
export const IBAN = /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b/;

/** A sentence that refers to the last day stated before it: "Bis zu diesem Tag können Sie … den Fahrer benennen", "by that date". */
export const SAME_DATE = /\b(?:bis zu (?:diesem|demselben) (?:tag|datum|termin|zeitpunkt)|bis dahin|by (?:that|this|the same) (?:date|day)|(?:tot|voor|op) (?:die|deze|dezelfde) (?:datum|dag)|jusqu'(?:a|au) (?:cette|la meme) date|avant (?:cette|la meme) date)\b/;

/** What a period counts from: the document's own (send) date. */
export const PERIOD_FROM_DOCUMENT = new RegExp(
  String.raw`(?:vanaf|na|sinds|van|te rekenen vanaf|a compter de|a partir de|a dater de|qui suivent|suivant|de|du|des|ab|nach|seit|vom|von|from|of|after|following)\s+` +
    String.raw`(?:the |de |la |le |l'|dem |der |des |den )?` +
    String.raw`(?:factuurdatum|rechnungsdatum|invoice date|notice date|letter date|issue date|date (?:de (?:la )?facture|of (?:the )?invoice)|datum|dagtekening|verzenddatum|versanddatum|versand|expedition|verzending|deze (?:brief|herinnering|aanmaning|beschikking)|dit (?:bericht|schrijven)|date|envoi|emission|la presente|present (?:avis|courrier|rappel)|l'avis|ausstellungsdatum|ausstellung|ausfertigung|dieses (?:schreibens|bescheids)|briefdatum|schreibdatum|bescheiddatum|bescheid|aufforderung|this (?:notice|letter)|notice|issue)`,
);

/**
 * A period counted from a date the letter does not print (the day it is delivered or received, the
 * offence): it cannot be turned into a date from the letter alone, so it is never resolved.
 */
export const PERIOD_FROM_UNPRINTED = new RegExp(
  [
    // "na ontvangst", "na de dag van ontvangst", "vanaf de betekening"
    String.raw`(?:na|vanaf|te rekenen vanaf) (?:de )?(?:(?:dag|datum) (?:van|na) (?:de |het )?)?(?:ontvangst|betekening|kennisgeving|uitreiking|bezorging|aflevering)`,
    String.raw`(?:a compter d[eu]|a partir d[eu]|des|suivant) (?:(?:jour|la date) (?:de |d'))?(?:la |l')?(?:reception|notification|signification|remise)`,
    // "dans les 30 jours de la réception du premier courrier" (but not "accusé de réception")
    String.raw`\b(?:de la|de sa|de son|du jour de(?: la| sa| son)?) (?:reception|notification|signification|remise)`,
    String.raw`(?:nach|ab|seit) (?:dem )?(?:(?:tag|datum) (?:der|des) )?(?:zustellung|erhalt|zugang|bekanntgabe|eingang)`,
    String.raw`(?:from|after|of|beginning with|starting with|commencing with) (?:receiving|the (?:day|date) (?:you|on which you) receive|(?:the )?(?:(?:day|date) of )?receipt|(?:the )?(?:date of |day of )?(?:service|delivery|notification))`,
    'upon receipt',
    // "à compter du jour où la présente lettre vous a été présentée", "vanaf de dag waarop": from an event, not a printed date.
    String.raw`(?:a compter|a partir|des) du jour ou\b`,
    String.raw`\bdu jour de (?:son|sa) (?:depot|presentation|remise)`,
    String.raw`(?:vanaf|na) de dag waarop\b`,
    String.raw`(?:ab|nach|seit) dem tag,? an dem\b`,
    String.raw`(?:from|after) the day (?:on which|when)\b`,
    // "from the day following receipt", "à compter du lendemain de la réception", "ab dem Tag nach der Zustellung".
    String.raw`\b(?:day|jour|dag|tag) (?:following|after|na|nach|suivant) (?:the |de |la |la date de |der |dem |het )?(?:receipt|reception|ontvangst|zustellung|notification|kennisgeving|delivery|service|betekening|bezorging|aflevering)`,
    // "binnen zwei Wochen nach Eintritt der Rechtskraft": from the day a decision becomes final, never printed.
    String.raw`(?:nach|ab|mit) (?:dem )?(?:eintritt der )?rechtskraft|(?:after|from) (?:the (?:decision|order) |it )?becom(?:es|ing) final|na het (?:onherroepelijk|definitief) worden|(?:des|apres) que (?:la decision|l'ordonnance) (?:est|sera|soit) (?:devenue? )?definitive`,
    String.raw`\blendemain (?:de (?:la |sa )?|du jour de (?:la )?)(?:reception|notification|presentation|remise)`,
    // "binnen 60 dagen volgend op de datum van de eerste betalingsuitnodiging": an earlier letter's date.
    String.raw`(?:datum|date|tag) (?:van |de |der |des |of )?(?:de |la |l'|the |het )?(?:eerste|first|premier|premiere|ersten?|vorige|earlier|original|oorspronkelijke|initial|initiale?|ursprunglichen?)\b`,
    String.raw`(?:datum|date|tag) (?:van |de |der )?(?:de |la |l')?(?:overtreding|feiten|infraction|faits|tat|offen[cs]e)`,
  ].join('|'),
);

/**
 * Meaning words of a clause about naming the driver or renter, or about the appeal, objection or
 * hearing through which a holder has a fine put in another's name. A letter with such a clause has
 * a redirect deadline somewhere: if none is read from it, its absence is not proven.
 */
export const REDIRECT_CLAUSE = /niet (?:zelf )?de bestuurder|wie (?:reed|de bestuurder)|pas le conducteur|qui conduisait|nicht (?:der|selbst) (?:fahrer|fahrzeugfuhrer)|wer (?:das fahrzeug )?(?:gefahren|gefuhrt)|not the driver|who was driving|aanwijz|aanduid|identiteit van de (?:bestuurder|huurder)|identificatie|(?:gegevens|identiteit|naam) van de (?:bestuurder|huurder)|bestuurder (?:mee|door|kenbaar)|inlichtingen|beroep|bezwaar|verweer|hoorzitting|gehoord|tenaamstelling|designation|designer|identite du conducteur|identification|contest|reclamation|requete en exoneration|recours|audition|etre entendu|moyens de defense|renseignements|anhorung|zeugenfragebogen|einspruch|widerspruch|fahrer|fuhrer des|fahrzeugfuhrer|\bbenenn|stellungnahme|appeal|nominat|identify the driver|name the driver|driver'?s? details|details of the driver|hirer|\brenter|lessee|\bhuurder|locataire|\bmieter|verhuurd|vermietet|rented out|on hire|hired out|legal remedy|judicial protection|rechtsmittel|rechtsbehelf|objection|representations|challenge/;

/** "blad 1 van 2", "page 1/2", "Seite 1 von 3": the number of pages the letter says it has. */
export const PAGE_OF = /\b(?:blad|pagina|page|seite|blatt|feuillet|sheet)\s*(\d{1,2})\s*(?:van|of|de|von|sur|\/)\s*(\d{1,2})\b/g;

/** A pointer to the back of the sheet ("zie achterzijde", "voir au verso", "siehe Rückseite", "see overleaf"). */
export const REVERSE_SIDE = /achterzijde|ommezijde|keerzijde|verso|au dos\b|ruckseite|umseitig|overleaf|reverse side|other side of this/;

/** A period the letter says is over ("de termijn voor beroep is verstreken", "le délai est expiré"). */
/**
 * A period the letter says passed without action ("qui n'a ni payé ni désigné le conducteur dans le délai
 * de 45 jours", "die de bestuurder niet heeft aangewezen binnen …"): an earlier letter's, not a deadline.
 */
export const PAST_PERIOD = /n'a (?:ni|pas)\b|n'ont (?:ni|pas)\b|n'avez (?:ni|pas)\b|n'(?:a|ont) ete ni\b|heeft u (?:niet|geen)\b|haben sie (?:weder|nicht|keine)\b|no (?:representations|nomination|hirer details) (?:were|was|has been) (?:received|made|given)|heeft (?:niet|geen)\b|niet heeft\b|hat (?:weder|nicht|keine)\b|nicht (?:hat|haben)\b|has not\b|did not\b|was not\b/;
/** Words that make a clause a condition ("Si vous n'avez pas désigné …"), not a statement of the past. */
export const CONDITIONAL = /\b(?:si|indien|als|wanneer|wenn|falls|sofern|if|unless)\b/;

export const CLOSED_PERIOD = /verstreken|verlopen|afgelopen|(?:is|zijn) voorbij|n'(?:est|sont) plus (?:acceptee?s?|admise?s?|recevables?)|ne sera plus (?:acceptee?|admise?)|has ended|have ended|is over|(?:has|have|is) (?:now |already )?(?:passed|expired|ended|closed)|(?:will|can|may|do|does) not (?:be )?accept|no longer (?:be )?accept|n'accept(?:ons|erons) plus|nicht mehr (?:angenommen|akzeptiert)|niet meer (?:aanvaard|geaccepteerd)|beendet|a pris fin|est termine|niet meer|no longer|ne (?:peut|peuvent) plus|nicht mehr|expired|has passed|ecoule|expire\b|abgelaufen|verstrichen|nicht mehr moglich|plus possible|ausgeschlossen|uitgesloten|niet (?:meer )?mogelijk|nicht moglich|(?:is|are) not possible|n'est pas possible|est exclue?|\baucune? (?:[\w'-]+ ){1,8}n'(?:est|sont) (?:plus )?(?:possibles?|prevue?s?)|\bgeen (?:[\w'-]+ ){1,8}(?:meer )?(?:mogelijk|voorzien)|\bkeine? (?:[\w'-]+ ){1,8}(?:mehr )?(?:moglich|vorgesehen)|\bno (?:[\w'-]+ ){1,8}(?:is|are) (?:any longer |still )?(?:possible|provided for|foreseen)/;

/**
 * Words of a sentence that asks the holder to answer or send something back ("stuur het … terug", "die
 * Auskunft … zu erteilen", "renvoyez", "reply"): in a letter that asks only who drove, the answer it asks for.
 */
export const REPLY_ACTION = /terug(?:sturen|zenden|te sturen|te zenden)?\b|\bstuur\b|bezorg|beantwoord|antwoord|mee te delen|meedelen|invullen|renvoy|retourn|repond|reponse|communiqu|transmett|complet|zuruck(?:senden|schicken|zusenden)|\b(?:senden|schicken) sie\b.{0,80}\bzuruck\b|(?:zu )?(?:erteilen|beantworten|ubermitteln|mitzuteilen|mitteilen)|\bauskunft\b|\breturn\b|\breply\b|\brespond|\banswer|\bsend\b|complete (?:and|the)/;

/** Appeal, objection and hearing words: a period with these is how a fine is redirected when nothing else says so. */
export const APPEAL_CONTEXT = /beroep|bezwaar|verweer|klacht|betwist|hoorzitting|gehoord|rechtsmiddel|contest|reclamation|requete en exoneration|recours|etre entendu|moyens de defense|einspruch|widerspruch|anhorung|stellungnahme|rechtsmittel|rechtsbehelf|beschwerde|appeal|objection|representations|challenge|legal remedy|judicial (?:protection|review)/;

/** A penalty range or ceiling a letter threatens ("van 50 tot 500 euro", "bis zu 1.000 Euro"): never the amount due. */
export const PENALTY_RANGE = /\bmax\.|\bmind\.|\bof (?:eur|€)\s?\d[\d.,]*\s+to\s+(?:eur|€)?\s?\d|\b(?:van|de|von|from|between|tussen|entre|zwischen)\b[^.;]{0,40}?\d[^.;]{0,25}?\b(?:tot|a|bis|to|and|en|et|und)\b[^.;]{0,15}?\d|bis zu\b(?! (?:\S+ )?(?:tage|tagen|wochen|monate|monaten)\b)|jusqu'a(?! (?:\S+ )?(?:jours?|mois|semaines?)\b)|up to(?! (?:\S+ )?(?:days?|weeks?|months?)\b)|maximaal|maximale?|maximum|hochstbetrag|au maximum|hochstens|hoogstens|minimum|minimaal|mindestens|at least|at most|(?:shall|may|must|cannot|can not|will) not exceed|not (?:to )?exceed|ne (?:peut|pourra|saurait) (?:pas )?(?:exceder|depasser)|mag niet (?:meer )?(?:bedragen|hoger zijn)|niet hoger (?:zijn )?dan|nicht (?:ubersteigen|uberschreiten)/;
/**
 * A consequence the letter threatens if the holder does not act ("À défaut, une contravention pour
 * non-désignation de 675 euros peut être adressée", "Bij gebreke …", "Andernfalls …", "Failing this …"):
 * an amount in such a clause is never the amount due.
 */
export const THREATENED_CONSEQUENCE = /a defaut|streitwert|valeur (?:du|en) litige|waarde van het geschil|amount in dispute|\bniet, dan\b|nicht (?:fristgerecht )?(?:gezahlt|bezahlt)|dagvaarding|politierechter|tribunal de police|gerichtlich|if (?:that|this|it) is not paid|if not paid|indien niet (?:tijdig )?betaald|bij niet(?:-| )betaling|will be added|bringing the total|wordt .{0,20}verhoogd|sera majore|erhoht sich|wird .{0,20}erhoht|passible|encourt|strafbaar|punishable|faute de|sinon\b|non-designation|bij gebreke|zo niet|anders (?:kan|wordt|zal)|niet-aanwijzing|mededelingsplicht|riskeert|andernfalls|ansonsten|widrigenfalls|kann .{0,40}verhangt|failing (?:this|which)|otherwise|if you do not|liable to|may be (?:fined|prosecuted|issued)|peut etre (?:adresse|inflige|poursuivi)|s'expose/;
export const DRIVER_CONTEXT = /bestuurder|inlichtingenformulier|formulaire de renseignements|lenker|gelenkt|\bgefuhrt\b|wer das fahrzeug|fragebogen|who was driving|qui conduisait|identiteit|identificatie|identification|identitat|antwortformular|antwoordformulier|formulaire de (?:reponse|designation)|reply form|aanwijz|overdr|conducteur|designation|designer|identite|fahrer|fuhrer|benenn|driver|identify|huurder|locataire|mieter|hirer|\brenter|lessee|nominat|hir(?:e|ing) agreement|rental agreement|lease agreement|huurovereenkomst|leaseovereenkomst|huurcontract|contrat de location|mietvertrag|\bloue\b|confie a|vermietet|verhuurd|\brented\b|hired out|permis de conduire|rijbewijs|fuhrerschein|driving licen[cs]e/;
export const PAYMENT_CONTEXT = /betaa?l|strafbetrag|geldbetrag|\bbetrag\b|\bbedrag\b|\bmontant\b|\bamount\b|voldoen|verwarnungsgeld|geldbu(?:ss|ß)e|over te maken|overmaken|over te schrijven|overschrijv|storten|payer|paiement|\bregl(?:er|ez|ement)\b|\bvers(?:er|ez)\b|virement|zahl|uberweis|pay|\bpaid\b/;

/** A sentence that asks the holder to pay: "Please pay EUR 174.00", "Betaal € 250,00 vóór …", "Veuillez verser …". */
export const PAY_DEMAND = /\b(?:please pay|pay|betaal|gelieve .{0,30}te betalen|veuillez (?:payer|verser|regler)|versez|reglez|payez|bitte (?:zahlen|uberweisen)|zahlen sie|uberweisen sie|(?:ist|sind) .{0,60}\bzu (?:uberweisen|zahlen|bezahlen|entrichten))\b/;

/** "€ 75,00 in plaats van de boete", "au lieu de 150 €", "statt 35 Euro": what follows is the amount replaced. */
export const INSTEAD_OF = /\b(?:in plaats van|in de plaats van|au lieu de|a la place de|statt|anstelle (?:von|des|der)|anstatt|instead of|rather than)\b/;


/** Words that put a date as the last day of something: "uiterlijk op", "au plus tard le", "bis zum", "by". */
export const BY_DATE = /(?:uiterlijk|ten laatste|voor|tegen|eindigt op|loopt af op|tot en met|t\/m|tot|until|till|up to and including|bis einschliesslich|bis einschl\.?|au plus tard|avant|jusqu'au|d'ici (?:au|le)|prend fin le|expire le|bis|spatestens|endet am|by|before|no later than|not later than|ends on|expires on)(?: (?:op|le|de|am|zum|the))?\s*$/;

/**
 * OCR misreadings of label words seen on our scans and photos ("rn" read as "m", "l" as "i"),
 * repaired before labels are matched. Only whole label words: values are never rewritten.
 */
export const OCR_LABEL_REPAIRS: [RegExp, string][] = [
  [/\b([A-Za-z]*?)uumummer\b/g, '$1uurnummer'], // Factuumummer → Factuurnummer
  [/mummer\b/g, 'nummer'], // CJIB-mummer, PV-mummer
  [/\bPieeg/g, 'Pleeg'], // Pieegdatum, Pieegplaats
  [/\bcommumiquer\b/g, 'communiquer'],
  [/\bbetaallatum\b/g, 'betaaldatum'],
];
