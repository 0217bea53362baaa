import { isValidModel97 } from './model97';
import { mod97 } from './mod97';

/**
 * NBS IPS QR payloads, printed-bill variant (`K:PR`), as the National Bank of Serbia specifies
 * them (DOMAIN.md §3): `TAG:value` fields joined by `|` in a fixed tag order, UTF-8, an empty
 * optional tag left out, nothing after the last field. The builder formats and then runs the same
 * validator on its own output, so there is one set of rules for both.
 */

/** The tag order NBS prescribes; only the printed-bill subset is ever produced here. */
export const IPS_TAG_ORDER = [
  'K',
  'V',
  'C',
  'R',
  'N',
  'I',
  'O',
  'P',
  'SF',
  'S',
  'M',
  'JS',
  'RO',
  'RL',
  'RP',
] as const;
export type IpsTag = (typeof IPS_TAG_ORDER)[number];

const REQUIRED_PR: readonly IpsTag[] = ['K', 'V', 'C', 'R', 'N', 'I', 'SF'];

/** Longest value per tag, in characters (N and P may hold up to three lines, counted together). */
export const IPS_MAX_LENGTH: Partial<Record<IpsTag, number>> = { N: 70, P: 70, S: 35, RO: 35 };

export interface IpsQrInput {
  /** Payee account, 18 digits with valid control digits. */
  account: string;
  /** Payee name (and optionally address on further lines). */
  payee: string;
  /** Amount in para (1/100 RSD); must be more than zero. */
  amountPara: number;
  payer?: string | null;
  /** Three digits; the first is 2 for a non-cash payment such as one made by scanning the code. */
  paymentCode: string;
  purpose?: string | null;
  /** Two-digit model, e.g. `97`; with it, the reference including its control digits (`41019`). */
  model?: string | null;
  reference?: string | null;
}

export interface IpsQrProblem {
  tag: IpsTag | null;
  message: string;
}

export type IpsQrResult = { ok: true; payload: string } | { ok: false; problems: IpsQrProblem[] };

/** `38000` → `RSD380,00`: integer part, decimal comma, no thousand separators. */
export function formatIpsAmount(amountPara: number): string {
  if (!Number.isSafeInteger(amountPara) || amountPara < 0)
    throw new RangeError('An amount is a whole number of para');
  return `RSD${Math.floor(amountPara / 100)},${String(amountPara % 100).padStart(2, '0')}`;
}

/** One value as it may appear in a payload: lines trimmed, blank lines dropped, CRLF made LF. */
function cleanValue(value: string | null | undefined): string {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * An optional value cut to what its tag holds (at most three lines, its length, with "…"): an
 * optional field that does not fit is shortened, never a reason to drop the code (NBS rules).
 */
function shortened(value: string, tag: 'P' | 'S'): string {
  const max = IPS_MAX_LENGTH[tag] ?? 35;
  const lines = value.split('\n').slice(0, tag === 'P' ? 3 : 1);
  const joined = lines.join(tag === 'P' ? '\n' : ' ');
  const chars = [...joined];
  return chars.length <= max
    ? joined
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export function buildIpsQr(input: IpsQrInput): IpsQrResult {
  if (!Number.isSafeInteger(input.amountPara) || input.amountPara <= 0) {
    // A waived or zero fee has nothing to pay, so it gets no code at all.
    return { ok: false, problems: [{ tag: 'I', message: 'The amount must be more than zero' }] };
  }
  // A reference with no model is written after 00 (RO:00100041150 for the ID-card form).
  const model = cleanValue(input.model) || '00';
  const reference = cleanValue(input.reference).replace(/[-\s]/g, '');
  const fields: [IpsTag, string][] = [
    ['K', 'PR'],
    ['V', '01'],
    ['C', '1'],
    ['R', String(input.account ?? '').replace(/[-\s]/g, '')],
    ['N', cleanValue(input.payee)],
    ['I', formatIpsAmount(input.amountPara)],
    ['P', shortened(cleanValue(input.payer), 'P')],
    ['SF', cleanValue(input.paymentCode)],
    ['S', shortened(cleanValue(input.purpose), 'S')],
    ['RO', reference === '' ? '' : `${model}${reference}`],
  ];
  const problems: IpsQrProblem[] = [];
  for (const [tag, value] of fields)
    if (value.includes('|')) problems.push({ tag, message: 'A value may not contain "|"' });
  if (problems.length > 0) return { ok: false, problems };
  const payload = fields
    .filter(([, value]) => value !== '')
    .map(([tag, value]) => `${tag}:${value}`)
    .join('|');
  const invalid = validateIpsQr(payload);
  return invalid.length === 0 ? { ok: true, payload } : { ok: false, problems: invalid };
}

/** Every way `payload` breaks the printed-bill rules; empty when it is a valid NBS IPS QR text. */
export function validateIpsQr(payload: string): IpsQrProblem[] {
  const problems: IpsQrProblem[] = [];
  if (payload !== payload.trim() || payload.startsWith('|') || payload.endsWith('|')) {
    problems.push({ tag: null, message: 'The text must start with K: and end right after the last value' });
  }
  const seen = new Map<IpsTag, string>();
  let lastIndex = -1;
  for (const field of payload.split('|')) {
    const colon = field.indexOf(':');
    const tag = field.slice(0, colon) as IpsTag;
    const value = field.slice(colon + 1);
    const index = IPS_TAG_ORDER.indexOf(tag);
    if (colon < 1 || index < 0) {
      problems.push({ tag: null, message: `Unknown field "${field.slice(0, 10)}"` });
      continue;
    }
    if (seen.has(tag)) problems.push({ tag, message: 'The tag appears twice' });
    if (index < lastIndex) problems.push({ tag, message: 'The tag is out of the prescribed order' });
    if (value === '') problems.push({ tag, message: 'An empty tag must be left out' });
    lastIndex = Math.max(lastIndex, index);
    seen.set(tag, value);
  }
  for (const tag of REQUIRED_PR) if (!seen.has(tag)) problems.push({ tag, message: 'This tag is required' });

  for (const [tag, value] of seen) {
    const max = IPS_MAX_LENGTH[tag];
    if (max !== undefined && [...value].length > max)
      problems.push({ tag, message: `At most ${max} characters` });
    if (hasControlCharacter(value) || (value.includes('\n') && tag !== 'N' && tag !== 'P'))
      problems.push({ tag, message: 'Control characters and line breaks are not allowed here' });
    if ((tag === 'N' || tag === 'P') && value.split('\n').length > 3)
      problems.push({ tag, message: 'At most three lines' });
    if (/[\u{10000}-\u{10FFFF}]/u.test(value))
      // Outside the Basic Multilingual Plane: bank apps and the QR encoder's UTF-8 do not agree on it.
      problems.push({ tag, message: 'Characters such as emoji are not allowed' });
  }

  const expect = (tag: IpsTag, test: (value: string) => boolean, message: string) => {
    const value = seen.get(tag);
    if (value !== undefined && value !== '' && !test(value)) problems.push({ tag, message });
  };
  expect('K', (v) => v === 'PR', 'The printed-bill code is K:PR');
  expect('V', (v) => v === '01', 'The version is 01');
  expect('C', (v) => v === '1', 'The character set is 1 (UTF-8)');
  expect('R', (v) => /^\d{18}$/.test(v), 'The account has 18 digits');
  expect('R', (v) => !/^\d{18}$/.test(v) || mod97(v) === 1, 'The account control digits are wrong');
  expect(
    'I',
    (v) => /^RSD(0|[1-9]\d{0,14}),\d{0,2}$/.test(v) && v.length <= 18,
    'The amount is RSD, digits, a comma and up to two decimals',
  );
  expect('I', (v) => !/^RSD0,0{0,2}$/.test(v), 'The amount must be more than zero');
  expect('SF', (v) => /^[12]\d{2}$/.test(v), 'The payment code is three digits starting with 1 or 2');
  expect(
    'RO',
    (v) => /^\d{2}[0-9A-Za-z]{1,33}$/.test(v),
    'The reference is a two-digit model followed by letters or digits, no spaces or dashes',
  );
  expect(
    'RO',
    (v) => !v.startsWith('97') || isValidModel97(v.slice(2)),
    'The model 97 control digits are wrong',
  );
  return problems;
}

/** Any C0 control character or DEL other than a line feed. */
function hasControlCharacter(value: string): boolean {
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

/** The fields of a payload, for tests and for showing what a code says. */
export function parseIpsQr(payload: string): Partial<Record<IpsTag, string>> {
  const fields: Partial<Record<IpsTag, string>> = {};
  for (const field of payload.split('|')) {
    const colon = field.indexOf(':');
    if (colon > 0) fields[field.slice(0, colon) as IpsTag] = field.slice(colon + 1);
  }
  return fields;
}
