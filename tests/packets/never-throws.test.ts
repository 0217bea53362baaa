import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveMunicipality } from '../../src/shared/municipality';
import { FeeEntryInput } from '../../src/shared/packets';
import { buildIpsQr, isValidModel97, validateIpsQr } from '../../src/shared/payment';
import { normalizeAccount } from '../../src/shared/payment/account';
import { foldForSearch, searchQueryTokens, searchTokens } from '../../src/shared/script';

/** Issue 12: the payment rules answer every string with a result or a listed problem, never a throw. */

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[0-9|:\n -]{0,60}$/),
);

describe('payment rules on any input', () => {
  it('validateIpsQr and isValidModel97 never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(Array.isArray(validateIpsQr(text))).toBe(true);
        expect(typeof isValidModel97(text)).toBe('boolean');
        expect(
          Array.isArray(
            validateIpsQr(`K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:253|RO:97${text}`),
          ),
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('lists a too-long reference as a problem', () => {
    const problems = validateIpsQr(
      `K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:253|RO:97${'1'.repeat(40)}`,
    );
    expect(problems.map((p) => p.tag)).toContain('RO');
    expect(isValidModel97('4'.repeat(30))).toBe(false);
  });

  it('buildIpsQr never throws, whatever the strings', () => {
    fc.assert(
      fc.property(
        anyText,
        anyText,
        anyText,
        anyText,
        anyText,
        anyText,
        fc.integer(),
        (account, payee, payer, code, model, reference, amount) => {
          const result = buildIpsQr({
            account,
            payee,
            payer,
            paymentCode: code,
            purpose: payer,
            model,
            reference,
            amountPara: amount,
          });
          if (result.ok) expect(validateIpsQr(result.payload)).toEqual([]);
          else expect(result.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the fee schema never throws, and what it accepts the builder prints with a valid QR code', () => {
    fc.assert(
      fc.property(
        anyText,
        anyText,
        anyText,
        anyText,
        anyText,
        (account, reference, purpose, recipient, model) => {
          const input = {
            key: 'k',
            label: 'l',
            recipient,
            purpose,
            amount: '1,00',
            account,
            paymentBasis: '53',
            model,
            referenceKind: 'fixed',
            reference,
            effectiveFrom: '2025-01-01',
            source: 's',
          };
          // Once with the strings as they are, once with a valid account so the rest is reached.
          for (const candidate of [input, { ...input, account: '840-742221843-57' }]) {
            const parsed = FeeEntryInput.safeParse(candidate);
            if (!parsed.success) continue;
            const fee = parsed.data;
            const result = buildIpsQr({
              // The schedule stores the 18-digit form of the account the schema checked.
              account: normalizeAccount(fee.account!)!,
              payee: fee.recipient,
              amountPara: 100,
              paymentCode: '253',
              purpose: fee.purpose,
              model: fee.model,
              reference: fee.reference,
            });
            expect(result.ok ? [] : result.problems).toEqual([]);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('search folding', () => {
  it('folds Ð (U+00D0, the look-alike of Đ) like Đ', () => {
    expect(foldForSearch('ÐORÐEVIĆ')).toBe(foldForSearch('ĐORĐEVIĆ'));
    expect(foldForSearch('\u00d0or\u00f0evi\u0107')).toBe('djordjevic');
    expect(searchTokens('Ðorðević')).toContain('dordevic');
    expect(searchQueryTokens('Ðorðe')).toEqual(searchQueryTokens('Đorđe'));
  });
});

describe('municipality resolver', () => {
  const rows = [
    { name: 'Mediana', nameCyrl: 'Медијана', city: 'Niš', code: '128' },
    { name: 'Palilula (Niš)', nameCyrl: 'Палилула (Ниш)', city: 'Niš', code: '127' },
    { name: 'Pantelej', nameCyrl: 'Пантелеј', city: 'Niš', code: '125' },
    { name: 'Crveni krst', nameCyrl: 'Црвени крст', city: 'Niš', code: '126' },
    { name: 'Niška Banja', nameCyrl: 'Нишка Бања', city: 'Niš', code: '122' },
    { name: 'Palilula', nameCyrl: 'Палилула', city: 'Beograd', code: '015' },
    { name: 'Novi Sad', nameCyrl: 'Нови Сад', city: 'Novi Sad', code: '223' },
    { name: 'Petrovaradin', nameCyrl: 'Петроварадин', city: 'Novi Sad', code: '247' },
    { name: 'Bor', nameCyrl: 'Бор', city: null, code: '027' },
    { name: 'Vranjska Banja', nameCyrl: 'Врањска Бања', city: 'Vranje', code: null },
    { name: 'Vranje', nameCyrl: 'Врање', city: null, code: '114' },
  ];
  const codeOf = (place: string | null, municipality: string | null) => {
    const r = resolveMunicipality(rows, { place, municipality });
    return r.status === 'resolved' ? r.municipality.code : r.status;
  };

  it('reads either script, with or without diacritics', () => {
    expect(codeOf('Ниш', 'Пантелеј')).toBe('125');
    expect(codeOf('Nis', 'crveni KRST')).toBe('126');
    expect(codeOf('Niš', 'Medijana')).toBe('128');
    expect(codeOf('Niš', 'Mediana')).toBe('128');
    expect(codeOf(null, 'Niska Banja')).toBe('122');
    expect(codeOf(null, 'Opština Bor')).toBe('027');
    expect(codeOf('Bor', null)).toBe('027');
    expect(codeOf('Vranje', null)).toBe('114');
    expect(codeOf('Vranje', 'Vranjska Banja')).toBeNull(); // no code: never guessed
  });

  it('tells the two Palilulas apart by the city, and asks when nothing tells them apart', () => {
    expect(codeOf('Niš', 'Palilula')).toBe('127');
    expect(codeOf('Београд', 'Палилула')).toBe('015');
    expect(codeOf(null, 'Palilula (Beograd)')).toBe('015');
    expect(codeOf(null, 'Palilula')).toBe('ambiguous');
  });

  it('asks which city municipality for a city that has them, offering that city’s', () => {
    const nis = resolveMunicipality(rows, { place: 'Niš', municipality: null });
    expect(nis).toMatchObject({ status: 'choose', city: 'Niš' });
    expect(nis.status === 'choose' && nis.options.map((o) => o.code)).toEqual([
      '126',
      '128',
      '122',
      '127',
      '125',
    ]);
    expect(resolveMunicipality(rows, { place: 'Novi Sad', municipality: null })).toMatchObject({
      status: 'choose',
    });
    expect(codeOf('Novi Sad', 'Novi Sad')).toBe('223');
    expect(codeOf(null, 'Niš')).toBe('choose');
    expect(codeOf('Atlantida', null)).toBe('unknown');
    expect(codeOf(null, null)).toBe('empty');
  });
});
