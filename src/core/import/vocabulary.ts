import type { ClientCategory, ResidenceStatus, Sex } from '../../shared/client';
import { remembered } from '../remembered';
import { vocabularyKey } from './headers';

/**
 * The words offices write for the coded fields (sex, category, residence status, yes/no, script)
 * in either script and in English, and the Serbian Latin label our export writes for each code.
 * Every export label reads back to its code.
 */

const keys = (...words: string[]): Set<string> => new Set(words.map(vocabularyKey));

// A coded column repeats a handful of words down every row, so each reader remembers its answers.

export const SEX_LABEL: Record<Sex, string> = { M: 'M', F: 'Ž' };

// Cyrillic м / ж fold to m / z; German words because many returnees carry German papers.
const MALE = keys('m', 'muški', 'muško', 'muškarac', 'male', 'man', 'männlich');
const FEMALE = keys('ž', 'ženski', 'žensko', 'žena', 'f', 'female', 'woman', 'w', 'weiblich');

export const sexFromWord = remembered(function sexFromWord(text: string): Sex | null {
  const key = vocabularyKey(text);
  if (MALE.has(key)) return 'M';
  if (FEMALE.has(key)) return 'F';
  return null;
});

export const YES_NO_LABEL = { yes: 'da', no: 'ne' } as const;

const YES = keys('da', 'd', 'yes', 'y', 'x', '1', 'true', 'istina', '✓', '✔');
const NO = keys('ne', 'n', 'no', '0', 'false', 'neistina');

export const yesNoFromWord = remembered(function yesNoFromWord(text: string): boolean | null {
  const key = vocabularyKey(text);
  // ✓ folds to nothing, so look at the raw text for it.
  if (YES.has(key) || /^[✓✔]$/.test(text.trim())) return true;
  if (NO.has(key)) return false;
  return null;
});

export const CATEGORY_LABEL: Record<ClientCategory, string> = {
  returnee_germany: 'Povratnik iz Nemačke',
  returnee_other: 'Povratnik iz druge zemlje',
  local_vulnerable: 'Ranjivo lokalno stanovništvo',
  regular_migration: 'Regularna migracija',
};

/**
 * Categories by the words in them rather than an exact list, because offices write them many ways
 * ("povratnik - Nemačka", "Повратник из Немачке", "returnee_germany", "ranjiva grupa").
 */
export const categoryFromWord = remembered(function categoryFromWord(text: string): ClientCategory | null {
  const key = vocabularyKey(text);
  if (key === '') return null;
  const returnee = /povrat|returnee|return/.test(key);
  if (returnee && /nemac|njemac|german|deutsch/.test(key)) return 'returnee_germany';
  if (returnee) return 'returnee_other';
  if (/ranjiv|ugrozen|vulnerab/.test(key)) return 'local_vulnerable';
  if (/migrac|migration/.test(key)) return 'regular_migration';
  return null;
});

export const RESIDENCE_LABEL: Record<ResidenceStatus, string> = {
  registered: 'Prijavljeno',
  not_registered: 'Nije prijavljeno',
  registered_csr: 'Prijavljeno na adresi CSR',
};

/** Residence status by its words: the CSR address first, then a negation, then "registered". */
export const residenceFromWord = remembered(function residenceFromWord(text: string): ResidenceStatus | null {
  const key = vocabularyKey(text);
  if (key === '') return null;
  if (/csr|socijaln|socialwork/.test(key)) return 'registered_csr';
  if (/^(nije|ne|nema|bez|not|no|un)/.test(key)) return 'not_registered';
  if (/^(prijavljen|registered|da|yes|ima)/.test(key)) return 'registered';
  return null;
});

export const SCRIPT_LABEL = { cyrl: 'ćirilica', latn: 'latinica' } as const;

export const scriptFromWord = remembered(function scriptFromWord(text: string): 'cyrl' | 'latn' | null {
  const key = vocabularyKey(text);
  if (/^(cir|cyr|kir)/.test(key)) return 'cyrl';
  if (/^lat/.test(key)) return 'latn';
  return null;
});
