/**
 * JMBG (jedinstveni matični broj građana, the unique master citizen number): `DD MM YYY RR BBB K`
 * (DOMAIN.md §4). A failed check is a warning staff may override with a reason, so `checkJmbg`
 * reports what is wrong and never throws or rejects.
 */
import { localDate } from './dates';

export type JmbgCheck =
  | {
      valid: true;
      /** `YYYY-MM-DD`. */
      birthDate: string;
      sex: 'M' | 'F';
      /** Region of registration (Serbian Latin name); informational only, null when unassigned. */
      region: string | null;
    }
  | { valid: false; problem: 'format' | 'checksum' | 'date' | 'future'; message: string };

const WEIGHTS = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The control digit K for the first twelve digits: m = 11 − (weighted sum mod 11), m > 9 → 0. */
export function jmbgControlDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) {
    throw new RangeError('jmbgControlDigit needs exactly 12 digits');
  }
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += weight * Number(first12.charAt(i));
  });
  const m = 11 - (sum % 11);
  return m > 9 ? 0 : m;
}

/** Staff copy JMBGs from documents that group the digits with spaces (also non-breaking ones). */
export function normalizeJmbg(value: string): string {
  return value.replace(/\s+/g, '');
}

/** Region codes RR (DOMAIN.md §4); ranges are inclusive. Codes outside them have no name. */
const REGIONS: ReadonlyArray<readonly [from: number, to: number, name: string]> = [
  [0, 9, 'Stranci'], // foreigners
  [10, 19, 'Bosna i Hercegovina'],
  [20, 29, 'Crna Gora'],
  [30, 39, 'Hrvatska'],
  [41, 49, 'Severna Makedonija'],
  [50, 59, 'Slovenija'],
  [71, 71, 'Beograd'],
  [72, 72, 'Šumadija i Pomoravlje'],
  [73, 73, 'Niš'],
  [74, 74, 'Južna Morava'],
  [75, 75, 'Zaječar'],
  [76, 76, 'Podunavlje'],
  [77, 77, 'Podrinje i Kolubara'],
  [78, 78, 'Kraljevo'],
  [79, 79, 'Užice'],
  [80, 80, 'Novi Sad'],
  [81, 81, 'Sombor'],
  [82, 82, 'Subotica'],
  [83, 83, 'Vrbas'],
  [84, 84, 'Kikinda'],
  [85, 85, 'Zrenjanin'],
  [86, 86, 'Pančevo'],
  [87, 87, 'Vršac'],
  [88, 88, 'Ruma'],
  [89, 89, 'Sremska Mitrovica'],
  [91, 96, 'Kosovo i Metohija'],
];

function regionName(code: number): string | null {
  const found = REGIONS.find(([from, to]) => code >= from && code <= to);
  return found ? found[2] : null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** DD.MM.YYYY, the way the date is printed on Serbian documents, for messages. */
const shownDate = (y: number, m: number, d: number): string => `${pad(d, 2)}.${pad(m, 2)}.${y}`;

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Checks a JMBG as typed. Problems are reported in the order a person would fix them: the shape,
 * then the birth date, then the control digit (which only means something once the rest is right).
 */
export function checkJmbg(value: string, today: Date = new Date()): JmbgCheck {
  const digits = normalizeJmbg(value.trim());
  if (!/^\d{13}$/.test(digits)) {
    const message = /^\d*$/.test(digits)
      ? `JMBG must have 13 digits, not ${digits.length}`
      : 'JMBG must have 13 digits and nothing else (no letters or punctuation)';
    return { valid: false, problem: 'format', message };
  }

  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yyy = Number(digits.slice(4, 7));
  const year = yyy >= 800 ? 1000 + yyy : 2000 + yyy;
  if (!isRealDate(year, month, day)) {
    return {
      valid: false,
      problem: 'date',
      message: `JMBG birth date ${shownDate(year, month, day)} does not exist; check the first 7 digits`,
    };
  }

  // Compare calendar days in the desk's local time: a child born today is valid today.
  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (birthDate > localDate(today)) {
    return {
      valid: false,
      problem: 'future',
      message: `JMBG birth date ${shownDate(year, month, day)} is in the future; check the first 7 digits`,
    };
  }

  const expected = jmbgControlDigit(digits.slice(0, 12));
  const actual = Number(digits.charAt(12));
  if (expected !== actual) {
    return {
      valid: false,
      problem: 'checksum',
      message: `JMBG control digit should be ${expected}, not ${actual}; check for a mistyped digit`,
    };
  }

  return {
    valid: true,
    birthDate,
    sex: Number(digits.slice(9, 12)) < 500 ? 'M' : 'F',
    region: regionName(Number(digits.slice(7, 9))),
  };
}

/** Where a valid JMBG and the entered birth date or sex disagree; `inForm` is what was entered. */
export type JmbgMismatch =
  | { field: 'birthDate'; fromJmbg: string; inForm: string }
  | { field: 'sex'; fromJmbg: 'M' | 'F'; inForm: 'M' | 'F' };

/**
 * The agreement rule (DOMAIN.md §4): a valid JMBG must agree with the birth date and sex entered
 * beside it. A blank value is no disagreement, as the JMBG fills it in on save. The form warns
 * with these while typing and the core refuses them on save without a reason.
 */
export function jmbgMismatches(
  check: Extract<JmbgCheck, { valid: true }>,
  entered: { birthDate: string | null; sex: 'M' | 'F' | null },
): JmbgMismatch[] {
  const mismatches: JmbgMismatch[] = [];
  if (entered.birthDate && entered.birthDate !== check.birthDate)
    mismatches.push({ field: 'birthDate', fromJmbg: check.birthDate, inForm: entered.birthDate });
  if (entered.sex && entered.sex !== check.sex)
    mismatches.push({ field: 'sex', fromJmbg: check.sex, inForm: entered.sex });
  return mismatches;
}
