import type { Client, DocumentKind } from '../../shared/client';
import { localDate } from '../../shared/dates';
import type { Municipality, PacketOptions } from '../../shared/packets';
import { foldForSearch, toScript, type Script } from '../../shared/script';
import type { Phrases } from './resources';
import type { ResolvedOptions } from './snapshot';

/**
 * The values a packet is filled from, per script: names come from the record's `names` (typed in
 * one script, derived or corrected in the other), other text is converted with `toScript`, dates
 * are written the Serbian way (`15.06.2024.`). Null means empty.
 */
export interface BindingInput {
  client: Client;
  options: PacketOptions;
  packetId: string;
  /** ISO timestamp of the packet; its date is the printed date. */
  createdAt: string;
  phrases: Phrases;
  /** The row the client's municipality resolved to: printed by its official name. */
  municipality?: Municipality | null;
}

export type Binding = ReadonlyMap<string, string | null>;

/** `2024-06-15` → `15.06.2024.` */
export function serbianDate(isoDate: string | null): string | null {
  if (!isoDate) return null;
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}.${m}.${y}.`;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The days the law gives to register a residence after settling (DOMAIN.md §2.1). */
export const RESIDENCE_DEADLINE_DAYS = 8;

export function firstDocument(client: Client, kind: DocumentKind) {
  return client.documents.find((doc) => doc.kind === kind) ?? null;
}

/**
 * Every path `bindingFor` fills: templates are checked against it when they load, so a template
 * naming anything else fails at start (a test keeps it equal to what the binding builds).
 */
export const KNOWN_PATHS: ReadonlySet<string> = new Set([
  'client.surname',
  'client.givenName',
  'client.parentName',
  'client.fullName',
  'client.jmbg',
  'client.sex',
  'client.birthDate',
  'client.birthPlace',
  'client.birthCountry',
  'client.citizenship',
  'client.phone',
  'client.address.place',
  'client.address.municipality',
  'client.address.street',
  'client.address.number',
  'client.address.entrance',
  'client.address.floor',
  'client.address.flat',
  'client.address.line',
  ...['id_card', 'birth_extract', 'citizenship_certificate', 'health_card', 'passport'].flatMap((kind) =>
    ['number', 'issuedOn', 'expiresOn'].map((part) => `client.documents.${kind}.${part}`),
  ),
  'options.owner.fullName',
  'options.owner.jmbg',
  'options.owner.address',
  'options.csrName',
  'options.rfzoBranch',
  'options.policeStation',
  'options.registryOffice',
  'options.previousAddress',
  'options.settledOn',
  'options.desk',
  'packet.id',
  'packet.date',
  'packet.deadline',
  'packet.basis',
  'packet.registryPurpose',
  'options.counsellor',
  'options.policeAdministration',
]);

/** The client's sex as `M`/`F`, for `[[masculine|feminine]]` forms in template text; not a printable path. */
export const SEX_CODE = '#sex';

export function bindingFor(input: BindingInput, script: Script): Binding {
  const { client, options, phrases } = input;
  // The snapshot's options carry what the office knows (counsellor, police administration, purpose).
  const resolved = options as Partial<ResolvedOptions>;
  const registryPurpose = resolved.registryPurpose ?? null;
  const convert = (text: string | null | undefined): string | null => (text ? toScript(text, script) : null);
  const phrase = (key: string): string | null => convert(phrases.texts[key]);
  const names = client.names[script];
  const address = client.address;
  const values = new Map<string, string | null>([
    ['client.surname', names.surname],
    ['client.givenName', names.givenName],
    ['client.parentName', names.parentName],
    ['client.fullName', `${names.givenName} ${names.surname}`],
    ['client.jmbg', client.jmbg],
    ['client.sex', client.sex ? phrase(`sex.${client.sex}`) : null],
    ['client.birthDate', serbianDate(client.birthDate)],
    ['client.birthPlace', convert(client.birthPlace)],
    ['client.birthCountry', convert(client.birthCountry)],
    ['client.citizenship', convert(client.citizenship)],
    ['client.phone', client.phone],
    ['client.address.place', convert(address.place)],
    // The official name of the municipality the record resolved to ("Niska Banja" typed → Нишка Бања).
    [
      'client.address.municipality',
      input.municipality
        ? toScript(input.municipality.nameCyrl.replace(/\s*\([^)]*\)$/, ''), script)
        : convert(address.municipality),
    ],
    ['client.address.street', convert(address.street)],
    ['client.address.number', convert(address.number)],
    ['client.address.entrance', convert(address.entrance)],
    ['client.address.floor', convert(address.floor)],
    ['client.address.flat', convert(address.flat)],
    ['client.address.line', convert(addressLine(client))],
    ['options.owner.fullName', convert(options.owner?.fullName)],
    ['options.owner.jmbg', options.owner?.jmbg ?? null],
    ['options.owner.address', convert(options.owner?.address)],
    ['options.csrName', convert(options.csrName)],
    ['options.rfzoBranch', convert(options.rfzoBranch)],
    ['options.policeStation', convert(options.policeStation)],
    ['options.registryOffice', convert(options.registryOffice)],
    ['options.previousAddress', convert(options.previousAddress)],
    ['options.settledOn', serbianDate(options.settledOn)],
    ['options.desk', convert(options.desk)],
    ['packet.id', input.packetId],
    ['packet.date', serbianDate(localDate(input.createdAt))],
    [
      'packet.deadline',
      options.settledOn ? serbianDate(addDays(options.settledOn, RESIDENCE_DEADLINE_DAYS)) : null,
    ],
    ['packet.basis', options.basis ? phrase(`basis.${options.basis}`) : null],
    ['packet.registryPurpose', registryPurpose ? phrase(`registryPurpose.${registryPurpose}`) : null],
    ['options.counsellor', convert(resolved.counsellor)],
    ['options.policeAdministration', convert(resolved.policeAdministration)],
    [SEX_CODE, client.sex],
  ]);
  for (const kind of [
    'id_card',
    'birth_extract',
    'citizenship_certificate',
    'health_card',
    'passport',
  ] as const) {
    const doc = firstDocument(client, kind);
    values.set(`client.documents.${kind}.number`, doc?.number ?? null);
    values.set(`client.documents.${kind}.issuedOn`, serbianDate(doc?.issuedOn ?? null));
    values.set(`client.documents.${kind}.expiresOn`, serbianDate(doc?.expiresOn ?? null));
  }
  return values;
}

/** `Ustanička 12/3, ulaz 2, Beograd (Voždovac)`: street and number, entrance, flat, place. Null without street or place. */
export function addressLine(client: Client): string | null {
  const a = client.address;
  if (!a.street && !a.place) return null;
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const flat = a.flat ? `/${a.flat}` : '';
  // The same name typed in two scripts or with and without diacritics is one name, printed once.
  const place =
    a.place && a.municipality && foldForSearch(a.municipality) !== foldForSearch(a.place)
      ? `${a.place} (${a.municipality})`
      : (a.place ?? a.municipality);
  return [street ? `${street}${flat}` : null, place].filter(Boolean).join(', ');
}
