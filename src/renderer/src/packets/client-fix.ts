import type { Client, ClientInput, DocumentKind, HeldDocument } from '../../../shared/client';
import type { PreflightProblem } from '../../../shared/packets';

/**
 * Inline fixes from the preflight list: a problem names a field of the packet's data
 * (`client.address.street`, `client.documents.citizenship_certificate.issuedOn`); these map it to
 * the value on the record and to the record with the corrected value, ready for `clients.update`.
 */

type Input = Required<Pick<ClientInput, 'address' | 'documents' | 'nameOverrides'>> &
  Omit<ClientInput, 'address' | 'documents' | 'nameOverrides'>;

/** The record as the form that saves it (`clients.update` takes the whole record). */
export function clientToInput(client: Client): Input {
  return {
    surname: client.surname,
    givenName: client.givenName,
    parentName: client.parentName,
    nameOverrides: client.nameOverrides,
    sex: client.sex,
    birthDate: client.birthDate,
    birthPlace: client.birthPlace,
    birthCountry: client.birthCountry,
    jmbg: client.jmbg,
    jmbgOverrideReason: client.jmbgOverrideReason,
    citizenship: client.citizenship,
    phone: client.phone,
    address: { ...client.address },
    residenceStatus: client.residenceStatus,
    category: client.category,
    returnDate: client.returnDate,
    returnCountry: client.returnCountry,
    readmission: client.readmission,
    documents: client.documents.map((doc) => ({ ...doc })),
    notes: client.notes,
    preferredScript: client.preferredScript,
  };
}

export type FixInput = 'text' | 'date' | 'sex';

export interface ClientFix {
  input: FixInput;
  /** The value on the record now, as the input shows it. */
  current: string;
  /** The record with `value` in this field (blank clears it). */
  apply(value: string): Input;
}

const NAME_FIELDS = new Set(['surname', 'givenName', 'parentName']);
const TEXT_FIELDS = new Set(['birthPlace', 'birthCountry', 'citizenship', 'phone', 'jmbg']);
const ADDRESS_FIELDS = new Set(['place', 'municipality', 'street', 'number', 'entrance', 'floor', 'flat']);
const DOCUMENT_KINDS = new Set<DocumentKind>([
  'id_card',
  'birth_extract',
  'citizenship_certificate',
  'health_card',
  'passport',
]);

/**
 * How to fix this problem on the record, or null when it is not a single field of the record
 * (a composed value such as the full name, or something only Settings can change).
 */
export function clientFix(problem: PreflightProblem, client: Client): ClientFix | null {
  if (problem.fix !== 'client') return null;
  const parts = problem.field.split('.');
  const base = () => clientToInput(client);
  const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
  const [, field, sub, part] = parts;
  if (!field) return null;

  if (NAME_FIELDS.has(field) && parts.length === 2) {
    const key = field as 'surname' | 'givenName' | 'parentName';
    // A Cyrillic form that shows foreign letters needs the Cyrillic spelling corrected, not the name as typed.
    if (problem.code === 'foreign_letters' && client.nameScript === 'latn') {
      return {
        input: 'text',
        current: client.names.cyrl[key] ?? '',
        apply: (value) => {
          const input = base();
          input.nameOverrides = {
            surname: null,
            givenName: null,
            parentName: null,
            ...(input.nameOverrides ?? {}),
            [key]: orNull(value),
          };
          return input;
        },
      };
    }
    return {
      input: 'text',
      current: client[key] ?? '',
      apply: (value) => ({ ...base(), [key]: key === 'parentName' ? orNull(value) : value.trim() }),
    };
  }
  if (TEXT_FIELDS.has(field) && parts.length === 2) {
    const key = field as 'birthPlace' | 'birthCountry' | 'citizenship' | 'phone' | 'jmbg';
    return {
      input: 'text',
      current: client[key] ?? '',
      apply: (value) => ({ ...base(), [key]: orNull(value) }),
    };
  }
  if (field === 'birthDate' && parts.length === 2)
    return {
      input: 'date',
      current: client.birthDate ?? '',
      apply: (value) => ({ ...base(), birthDate: orNull(value) }),
    };
  if (field === 'sex' && parts.length === 2)
    return {
      input: 'sex',
      current: client.sex ?? '',
      apply: (value) => ({ ...base(), sex: value === 'M' || value === 'F' ? value : null }),
    };
  if (field === 'address' && sub && ADDRESS_FIELDS.has(sub) && parts.length === 3) {
    const key = sub as keyof Client['address'];
    return {
      input: 'text',
      current: client.address[key] ?? '',
      apply: (value) => {
        const input = base();
        input.address = { ...client.address, [key]: orNull(value) };
        return input;
      },
    };
  }
  if (field === 'documents' && sub && DOCUMENT_KINDS.has(sub as DocumentKind) && part && parts.length === 4) {
    const kind = sub as DocumentKind;
    const key = part as 'number' | 'issuedOn' | 'expiresOn';
    if (!['number', 'issuedOn', 'expiresOn'].includes(key)) return null;
    const held = client.documents.find((doc) => doc.kind === kind);
    return {
      input: key === 'number' ? 'text' : 'date',
      current: held?.[key] ?? '',
      apply: (value) => {
        const input = base();
        const documents: HeldDocument[] = client.documents.map((doc) => ({ ...doc }));
        const index = documents.findIndex((doc) => doc.kind === kind);
        if (index >= 0) documents[index] = { ...documents[index]!, [key]: orNull(value) };
        else documents.push({ kind, number: null, issuedOn: null, expiresOn: null, [key]: orNull(value) });
        input.documents = documents;
        return input;
      },
    };
  }
  return null;
}

/** The option a problem names (`options.rfzoBranch`, `options.owner.fullName`), or null. */
export function optionPath(problem: PreflightProblem): string[] | null {
  if (problem.fix !== 'options' || !problem.field.startsWith('options.')) return null;
  return problem.field.split('.').slice(1);
}
