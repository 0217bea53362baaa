import type { ClientCategory } from '../../shared/client';
import type {
  AgeBand,
  PartnerKind,
  ProcedureKind,
  ReferralOutcome,
  ReportLanguage,
  ServiceKind,
} from '../../shared/casework';
import { latinToCyrillic } from '../../shared/script';

/**
 * The words casework's files (report exports, the referral slip) are written in. The UI has its
 * own copies in `locales/<language>/casework.json`; a test keeps the two in step. Serbian Cyrillic
 * is derived from the Latin, whose words were chosen so the derivation is exact (no d+j joins).
 */
export interface Labels {
  serviceKind: Record<ServiceKind, string>;
  category: Record<ClientCategory, string>;
  sex: Record<'M' | 'F' | 'unknown', string>;
  ageBand: Record<AgeBand, string>;
  procedureKind: Record<ProcedureKind, string>;
  partnerKind: Record<PartnerKind, string>;
  outcome: Record<ReferralOutcome | 'pending', string>;
  consentHow: Record<'signed' | 'oral', string>;
  report: Record<
    | 'title'
    | 'period'
    | 'office'
    | 'allOffices'
    | 'generated'
    | 'services'
    | 'consultations'
    | 'consultationsShort'
    | 'supporting'
    | 'supportingShort'
    | 'total'
    | 'clientsServed'
    | 'proceduresOpened'
    | 'proceduresCompleted'
    | 'referrals'
    | 'byKind'
    | 'byCategory'
    | 'bySex'
    | 'byAgeBand'
    | 'procedures'
    | 'opened'
    | 'completed'
    | 'rejected'
    | 'abandoned'
    | 'referralsByPartner'
    | 'partnerKind'
    | 'outcome'
    | 'count'
    | 'section'
    | 'key'
    | 'label',
    string
  >;
  slip: Record<
    | 'title'
    | 'code'
    | 'to'
    | 'client'
    | 'birthDate'
    | 'phone'
    | 'address'
    | 'reason'
    | 'date'
    | 'counsellor'
    | 'office'
    | 'consent'
    | 'consentText'
    | 'quoteBack'
    | 'counsellorSignature'
    | 'clientSignature'
    | 'returnPart'
    | 'returnIntro'
    | 'outcomeLine'
    | 'partnerSignature'
    | 'example',
    string
  >;
}

const SERBIAN: Labels = {
  serviceKind: {
    information: 'Informisanje',
    counselling: 'Savetovanje',
    document_assistance: 'Pomoć oko dokumenata',
    employment_career: 'Zapošljavanje i karijera',
    regular_migration: 'Savetovanje o regularnoj migraciji',
    psychosocial: 'Psihosocijalna podrška',
    housing: 'Stanovanje',
    other: 'Ostalo',
  },
  category: {
    returnee_germany: 'Povratnik iz Nemačke',
    returnee_other: 'Povratnik iz druge države',
    local_vulnerable: 'Lokalno ranjivo lice',
    regular_migration: 'Informisanje o regularnoj migraciji',
  },
  sex: { M: 'Muški', F: 'Ženski', unknown: 'Nepoznato' },
  ageBand: {
    '0-17': '0–17',
    '18-24': '18–24',
    '25-34': '25–34',
    '35-44': '35–44',
    '45-54': '45–54',
    '55-64': '55–64',
    '65+': '65 i više',
    unknown: 'Nepoznato',
  },
  procedureKind: {
    residence_registration: 'Prijava prebivališta',
    id_card: 'Lična karta',
    health_insurance: 'Zdravstveno osiguranje',
  },
  partnerKind: {
    csr: 'Centar za socijalni rad',
    kirs_trustee: 'Poverenik KIRS-a',
    local_self_government: 'Lokalna samouprava',
    roma_coordinator: 'Koordinator za romska pitanja',
    health_mediator: 'Zdravstveni medijator',
    pedagogical_assistant: 'Pedagoški asistent',
    police_administration: 'Policijska uprava (MUP)',
    rfzo_branch: 'Filijala RFZO',
    registry_office: 'Matična služba',
    adult_education_school: 'Škola za obrazovanje odraslih',
    ngo: 'Nevladina organizacija',
    employer: 'Poslodavac',
  },
  outcome: {
    resolved: 'Rešeno',
    partly_resolved: 'Delimično rešeno',
    not_resolved: 'Nije rešeno',
    declined_by_partner: 'Partner nije prihvatio',
    client_did_not_go: 'Klijent nije otišao',
    pending: 'U toku',
  },
  consentHow: { signed: 'potpisana izjava', oral: 'usmena saglasnost' },
  report: {
    title: 'Izveštaj o radu',
    period: 'Period',
    office: 'Kancelarija',
    allOffices: 'Sve kancelarije',
    generated: 'Izrađeno',
    services: 'Usluge',
    consultations: 'Konsultacije',
    consultationsShort: 'Kons.',
    supporting: 'Pojedinačne usluge podrške',
    supportingShort: 'Podr.',
    total: 'Ukupno',
    clientsServed: 'Klijenata usluženo',
    proceduresOpened: 'Otvorenih postupaka',
    proceduresCompleted: 'Završenih postupaka',
    referrals: 'Upućivanja',
    byKind: 'Usluge po vrsti',
    byCategory: 'Usluge po kategoriji klijenta',
    bySex: 'Usluge po polu',
    byAgeBand: 'Usluge po starosnoj grupi',
    procedures: 'Postupci po vrsti',
    opened: 'Otvoreno',
    completed: 'Završeno',
    rejected: 'Odbijeno',
    abandoned: 'Obustavljeno',
    referralsByPartner: 'Upućivanja po vrsti partnera i ishodu',
    partnerKind: 'Vrsta partnera',
    outcome: 'Ishod',
    count: 'Broj',
    section: 'Celina',
    key: 'Šifra',
    label: 'Naziv',
  },
  slip: {
    title: 'Uput',
    code: 'Broj uputa',
    to: 'Upućuje se',
    client: 'Klijent',
    birthDate: 'Datum rođenja',
    phone: 'Telefon',
    address: 'Adresa',
    reason: 'Razlog upućivanja',
    date: 'Datum',
    counsellor: 'Savetnik',
    office: 'Kancelarija',
    consent: 'Saglasnost klijenta',
    consentText: 'Klijent je dao saglasnost da se podaci iz ovog uputa podele sa navedenim partnerom',
    quoteBack: 'Molimo da pri svakom javljanju navedete broj uputa',
    counsellorSignature: 'Potpis savetnika',
    clientSignature: 'Potpis klijenta',
    returnPart: 'Povratna informacija',
    returnIntro: 'Molimo da ovaj deo popunite i vratite kancelariji',
    outcomeLine: 'Ishod',
    partnerSignature: 'Potpis i pečat partnera',
    example: 'primer unosa',
  },
};

const ENGLISH: Labels = {
  serviceKind: {
    information: 'Information',
    counselling: 'Counselling',
    document_assistance: 'Document assistance',
    employment_career: 'Employment and career',
    regular_migration: 'Regular migration counselling',
    psychosocial: 'Psychosocial support',
    housing: 'Housing',
    other: 'Other',
  },
  category: {
    returnee_germany: 'Returnee from Germany',
    returnee_other: 'Returnee from another country',
    local_vulnerable: 'Local vulnerable person',
    regular_migration: 'Regular migration enquiry',
  },
  sex: { M: 'Male', F: 'Female', unknown: 'Unknown' },
  ageBand: {
    '0-17': '0–17',
    '18-24': '18–24',
    '25-34': '25–34',
    '35-44': '35–44',
    '45-54': '45–54',
    '55-64': '55–64',
    '65+': '65 and over',
    unknown: 'Unknown',
  },
  procedureKind: {
    residence_registration: 'Residence registration',
    id_card: 'ID card',
    health_insurance: 'Health insurance',
  },
  partnerKind: {
    csr: 'Centre for Social Work',
    kirs_trustee: 'KIRS trustee',
    local_self_government: 'Local self-government',
    roma_coordinator: 'Roma coordinator',
    health_mediator: 'Health mediator',
    pedagogical_assistant: 'Pedagogical assistant',
    police_administration: 'Police administration (MUP)',
    rfzo_branch: 'RFZO branch',
    registry_office: 'Registry office',
    adult_education_school: 'Adult-education school',
    ngo: 'NGO',
    employer: 'Employer',
  },
  outcome: {
    resolved: 'Resolved',
    partly_resolved: 'Partly resolved',
    not_resolved: 'Not resolved',
    declined_by_partner: 'Declined by the partner',
    client_did_not_go: 'Client did not go',
    pending: 'Pending',
  },
  consentHow: { signed: 'signed statement', oral: 'oral consent' },
  report: {
    title: 'Activity report',
    period: 'Period',
    office: 'Office',
    allOffices: 'All offices',
    generated: 'Generated',
    services: 'Services',
    consultations: 'Consultations',
    consultationsShort: 'Cons.',
    supporting: 'Individual supporting services',
    supportingShort: 'Supp.',
    total: 'Total',
    clientsServed: 'Clients served',
    proceduresOpened: 'Procedures opened',
    proceduresCompleted: 'Procedures completed',
    referrals: 'Referrals',
    byKind: 'Services by kind',
    byCategory: 'Services by client category',
    bySex: 'Services by sex',
    byAgeBand: 'Services by age band',
    procedures: 'Procedures by kind',
    opened: 'Opened',
    completed: 'Completed',
    rejected: 'Rejected',
    abandoned: 'Abandoned',
    referralsByPartner: 'Referrals by partner kind and outcome',
    partnerKind: 'Partner kind',
    outcome: 'Outcome',
    count: 'Count',
    section: 'Section',
    key: 'Code',
    label: 'Label',
  },
  slip: {
    title: 'Referral',
    code: 'Referral no.',
    to: 'Referred to',
    client: 'Client',
    birthDate: 'Date of birth',
    phone: 'Phone',
    address: 'Address',
    reason: 'Reason for referral',
    date: 'Date',
    counsellor: 'Counsellor',
    office: 'Office',
    consent: "Client's consent",
    consentText: 'The client consented to sharing the data on this slip with the partner named here',
    quoteBack: 'Please quote the referral number whenever you contact us',
    counsellorSignature: "Counsellor's signature",
    clientSignature: "Client's signature",
    returnPart: 'Feedback',
    returnIntro: 'Please fill in this part and return it to the office',
    outcomeLine: 'Outcome',
    partnerSignature: "Partner's signature and stamp",
    example: 'example entry',
  },
};

function mapStrings<T>(value: T, convert: (text: string) => string): T {
  if (typeof value === 'string') return convert(value) as T;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, mapStrings(inner, convert)]),
  ) as T;
}

const CYRILLIC = mapStrings(SERBIAN, latinToCyrillic);

export function labelsFor(language: ReportLanguage): Labels {
  return language === 'en' ? ENGLISH : language === 'sr-Cyrl' ? CYRILLIC : SERBIAN;
}
