import type { Content, TableCell } from 'pdfmake/interfaces';
import type { ClientCategory } from '../../shared/client';
import type { ProcedureKind, ServiceKind } from '../../shared/casework';
import { latinToCyrillic, toScript, type Script } from '../../shared/script';
import { labelsFor } from '../casework/labels';
import { renderPdf, serbianDate, type FormPageCode } from '../casework/pdf';
import type { Dossier } from './dossier';
import type { SqlRow } from './rows';

/**
 * The readable copy of an export: one A4 document in the client's preferred script, section by
 * section as in the JSON. Headings are written in Serbian Latin and turned into Cyrillic for a
 * person who reads Cyrillic (the words avoid the d+j joins the derivation cannot know). Free text
 * (notes, reasons) is shown as it was typed.
 */

const WORDS = {
  title: 'Podaci koje Centar čuva o osobi',
  exported: 'Izvoz napravljen',
  record: 'Lični podaci',
  surname: 'Prezime',
  givenName: 'Ime',
  parentName: 'Ime roditelja',
  sex: 'Pol',
  birthDate: 'Datum rođenja',
  birthPlace: 'Mesto rođenja',
  birthCountry: 'Država rođenja',
  jmbg: 'JMBG',
  citizenship: 'Državljanstvo',
  phone: 'Telefon',
  address: 'Adresa',
  category: 'Kategorija',
  returnDate: 'Datum povratka',
  returnCountry: 'Država povratka',
  notes: 'Napomena',
  createdAt: 'Upisan',
  deletedAt: 'Uklonjen iz spiskova',
  documents: 'Lična dokumenta',
  services: 'Usluge',
  procedures: 'Postupci',
  history: 'Tok postupka',
  referrals: 'Upućivanja',
  appointments: 'Termini',
  household: 'Veze u domaćinstvu',
  packets: 'Odštampani paketi',
  consents: 'Saglasnosti',
  attached: 'Priložena dokumenta (skenovi)',
  file: 'Datoteka',
  size: 'Veličina',
  audit: 'Evidencija pristupa',
  none: 'Nema zapisa.',
  date: 'Datum',
  kind: 'Vrsta',
  note: 'Napomena',
  status: 'Status',
  partner: 'Partner',
  reason: 'Razlog',
  outcome: 'Ishod',
  time: 'Vreme',
  purpose: 'Svrha',
  relation: 'Odnos',
  person: 'Osoba (id)',
  pages: 'Strana',
  who: 'Ko',
  action: 'Radnja',
  number: 'Broj',
  validUntil: 'Važi do',
} as const;

type Word = keyof typeof WORDS;

const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value);
const day = (value: unknown) => (isDate(value) ? serbianDate(value.slice(0, 10)) : '');
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** A name in the reader's script: the form typed for that script if there is one, else derived. */
function nameIn(script: Script, client: SqlRow, field: 'surname' | 'givenName' | 'parentName'): string {
  const typed = text(client[field]);
  const alt = text(client[`${field}Alt`]);
  if (client.nameScript !== script && alt) return alt;
  return typed ? toScript(typed, script) : '';
}

/** The readable copy; with `pageCode`, each page carries its code (documents/page-code.ts). */
export function renderDossierPdf(dossier: Dossier, pageCode?: FormPageCode): Promise<Buffer> {
  const script: Script = dossier.client.preferredScript === 'latn' ? 'latn' : 'cyrl';
  const labels = labelsFor(script === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn');
  const w = (word: Word) => (script === 'cyrl' ? latinToCyrillic(WORDS[word]) : WORDS[word]);
  const c = dossier.client;

  const heading = (word: Word): Content => ({
    text: w(word),
    bold: true,
    fontSize: 12,
    margin: [0, 12, 0, 4],
  });
  const table = (header: Word[], rows: TableCell[][], widths?: (string | number)[]): Content =>
    rows.length === 0
      ? { text: w('none'), italics: true }
      : {
          table: {
            headerRows: 1,
            widths: widths ?? header.map(() => '*'),
            body: [header.map((word) => ({ text: w(word), bold: true })), ...rows],
          },
          layout: 'lightHorizontalLines',
          fontSize: 9,
        };

  const address = ['addrStreet', 'addrNumber', 'addrPlace', 'addrMunicipality']
    .map((key) => text(c[key]))
    .filter(Boolean)
    .join(', ');
  const recordLines: [Word, string][] = [
    ['surname', nameIn(script, c, 'surname')],
    ['givenName', nameIn(script, c, 'givenName')],
    ['parentName', nameIn(script, c, 'parentName')],
    ['sex', c.sex === 'M' || c.sex === 'F' ? labels.sex[c.sex] : ''],
    ['birthDate', day(c.birthDate)],
    ['birthPlace', text(c.birthPlace)],
    ['birthCountry', text(c.birthCountry)],
    ['jmbg', text(c.jmbg)],
    ['citizenship', text(c.citizenship)],
    ['phone', text(c.phone)],
    ['address', address],
    ['category', labels.category[c.category as ClientCategory] ?? text(c.category)],
    ['returnDate', day(c.returnDate)],
    ['returnCountry', text(c.returnCountry)],
    ['notes', text(c.notes)],
    ['createdAt', day(c.createdAt)],
    ['deletedAt', day(c.deletedAt)],
  ];
  const fullName = `${nameIn(script, c, 'givenName')} ${nameIn(script, c, 'surname')}`.trim();

  const content: Content[] = [
    { text: w('title'), bold: true, fontSize: 16 },
    { text: fullName, fontSize: 14, margin: [0, 4, 0, 0] },
    { text: `${w('exported')}: ${day(dossier.exportedAt)} · id ${text(c.id)}`, fontSize: 8, color: '#555' },
    heading('record'),
    {
      table: {
        widths: [120, '*'],
        body: recordLines
          .filter(([, value]) => value !== '')
          .map(([word, value]) => [{ text: w(word), bold: true }, value]),
      },
      layout: 'noBorders',
    },
    heading('documents'),
    table(
      ['kind', 'number', 'validUntil'],
      dossier.documents.map((d) => [text(d.kind), text(d.number), day(d.expiresOn)]),
    ),
    heading('services'),
    table(
      ['date', 'kind', 'note'],
      dossier.services.map((s) => [
        day(s.servedOn),
        labels.serviceKind[s.kind as ServiceKind] ?? text(s.kind),
        text(s.note),
      ]),
      [70, 140, '*'],
    ),
    heading('procedures'),
    ...(dossier.procedures.length === 0
      ? [{ text: w('none'), italics: true } as Content]
      : dossier.procedures.flatMap((p): Content[] => [
          {
            text: `${labels.procedureKind[p.kind as ProcedureKind] ?? text(p.kind)} · ${day(p.openedOn)} · ${text(p.status)}`,
            bold: true,
            margin: [0, 4, 0, 2],
          },
          ...(p.note ? [{ text: text(p.note) } as Content] : []),
          table(
            ['date', 'status', 'note'],
            p.history.map((h) => [
              day(h.happenedOn),
              `${text(h.fromStatus)} → ${text(h.toStatus)}`,
              text(h.note),
            ]),
            [70, 160, '*'],
          ),
        ])),
    heading('referrals'),
    table(
      ['date', 'partner', 'reason', 'outcome'],
      dossier.referrals.map((r) => [
        day(r.referredOn),
        text((r.partner as SqlRow | null)?.name),
        text(r.reason),
        [text(r.outcome), text(r.outcomeNote)].filter(Boolean).join(': '),
      ]),
    ),
    heading('appointments'),
    table(
      ['date', 'time', 'purpose', 'status'],
      dossier.appointments.map((a) => [day(a.date), text(a.time), text(a.purpose), text(a.status)]),
    ),
    heading('household'),
    table(
      ['relation', 'person'],
      dossier.household.map((h) => [text(h.relation), text(h.relatedClientId)]),
    ),
    heading('packets'),
    table(
      ['date', 'kind', 'pages', 'who'],
      dossier.printedPackets.map((p) => [
        day(p.createdAt),
        text(p.procedure),
        text(p.pageCount),
        text(p.createdBy),
      ]),
    ),
  ];
  if (dossier.consents) {
    content.push(
      heading('consents'),
      table(
        ['date', 'kind', 'status'],
        dossier.consents.map((row) => [
          day(row.givenOn ?? row.recordedAt ?? row.createdAt),
          text(row.purpose ?? row.kind),
          text(row.withdrawnOn ?? row.withdrawnAt ?? row.status),
        ]),
      ),
    );
  }
  if (dossier.attachedDocuments) {
    // The files themselves are in the JSON export; the readable copy lists them.
    content.push(
      heading('attached'),
      table(
        ['date', 'kind', 'file', 'size'],
        dossier.attachedDocuments.map((d) => [
          day(d.date),
          d.kind,
          d.fileName,
          `${Math.max(1, Math.round(d.size / 1024))} KB`,
        ]),
        [70, 100, '*', 60],
      ),
    );
  }
  content.push(
    heading('audit'),
    table(
      ['date', 'who', 'action'],
      dossier.audit.map((a) => [day(a.at), text(a.actor), `${text(a.action)} (${text(a.method)})`]),
      [70, 120, '*'],
    ),
  );
  return renderPdf(
    { info: { title: `${w('title')}: ${fullName}` }, pageMargins: [40, 40, 40, 40], content },
    pageCode,
  );
}
