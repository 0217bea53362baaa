import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Office } from '../../shared/casework';
import type { Client } from '../../shared/client';
import type { ConsentPurpose } from '../../shared/consent';
import { toScript, type Script } from '../../shared/script';
import { serbianDate } from '../casework/pdf';

/**
 * The words of the consent form, in Serbian Latin; the Cyrillic form is derived from them (the
 * words were chosen so the derivation is exact). Placeholders (%1 the office, %2 the partner) survive the conversion and are filled in after.
 */
const WORDS = {
  title: {
    processing: 'Saglasnost za obradu podataka o ličnosti',
    sharing: 'Saglasnost za deljenje podataka o ličnosti sa partnerom',
  },
  office: 'Kancelarija',
  client: 'Ime i prezime',
  birthDate: 'Datum rođenja',
  body: {
    processing:
      'Saglasan/saglasna sam da %1 obrađuje moje podatke o ličnosti radi pružanja saveta i pomoći ' +
      'u ostvarivanju mojih prava, u skladu sa Zakonom o zaštiti podataka o ličnosti.',
    sharing:
      'Saglasan/saglasna sam da %1 podeli sa partnerom %2 moje podatke o ličnosti koji su ' +
      'potrebni za upućivanje, u skladu sa Zakonom o zaštiti podataka o ličnosti.',
  },
  withdraw:
    'Upoznat/upoznata sam da ovu saglasnost mogu da opozovem u svakom trenutku, usmeno ili pismeno, ' +
    'i da opoziv ne utiče na zakonitost obrade pre opoziva.',
  method: 'Saglasnost je data',
  methods: '☐ potpisom   ☐ usmeno   ☐ pismeno',
  expires: 'Važi do (ako je ograničena)',
  date: 'Datum',
  clientSignature: 'Potpis klijenta',
  counsellorSignature: 'Potpis savetnika',
} as const;

const LINE = '______________________________';

/**
 * The A4 consent form a client signs: who agrees, to what (processing by the office, or sharing
 * with one named partner), how it can be withdrawn, and lines for the signatures and date. It is
 * printed in the client's script; no JMBG on it (data minimisation, DOMAIN.md §6).
 */
export function consentForm(
  client: Client,
  office: Office,
  purpose: ConsentPurpose,
  partner: { name: string; city: string } | null,
  script: Script,
): TDocumentDefinitions {
  const w = (text: string) => toScript(text, script);
  const names = client.names[script];
  // The office's name is shown as the office typed it (as on the referral slip); the partner's
  // name is shown in the form's script (typed text converts best effort).
  const officeName = [office.name, office.city].filter(Boolean).join(', ');
  const partnerName = partner
    ? w(partner.name.includes(partner.city) ? partner.name : `${partner.name}, ${partner.city}`)
    : '';
  const body = w(WORDS.body[purpose]).replace('%1', officeName).replace('%2', partnerName);
  const field = (label: string, value: string) => ({
    text: [
      { text: `${w(label)}: `, style: 'label' },
      { text: value, style: 'value' },
    ],
    margin: [0, 0, 0, 6] as [number, number, number, number],
  });

  return {
    info: { title: w(WORDS.title[purpose]) },
    pageMargins: [60, 60, 60, 60],
    styles: {
      heading: { fontSize: 16, bold: true, alignment: 'center' },
      label: { fontSize: 9, color: '#444444' },
      value: { fontSize: 11 },
    },
    content: [
      field(WORDS.office, officeName),
      { text: w(WORDS.title[purpose]).toUpperCase(), style: 'heading', margin: [0, 24, 0, 20] },
      field(WORDS.client, `${names.givenName} ${names.surname}`),
      field(WORDS.birthDate, client.birthDate ? serbianDate(client.birthDate) : LINE),
      { text: body, fontSize: 11, lineHeight: 1.3, margin: [0, 16, 0, 10] },
      { text: w(WORDS.withdraw), fontSize: 11, lineHeight: 1.3, margin: [0, 0, 0, 16] },
      field(WORDS.method, w(WORDS.methods)),
      field(WORDS.expires, LINE),
      {
        columns: [
          { text: `${w(WORDS.date)}\n\n${LINE}`, style: 'label' },
          { text: `${w(WORDS.clientSignature)}\n\n${LINE}`, style: 'label' },
        ],
        margin: [0, 40, 0, 0],
      },
      {
        columns: [{ text: '' }, { text: `${w(WORDS.counsellorSignature)}\n\n${LINE}`, style: 'label' }],
        margin: [0, 30, 0, 0],
      },
    ],
  };
}
