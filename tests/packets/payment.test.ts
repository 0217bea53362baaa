import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIpsQr,
  cashPaymentCode,
  checkAccount,
  formatAccount,
  formatAmount,
  formatIpsAmount,
  formatModel97Reference,
  isValidModel97,
  model97Control,
  model97Reference,
  nonCashPaymentCode,
  parseAmount,
  parseIpsQr,
  validateIpsQr,
} from '../../src/shared/payment';

describe('model 97 control digits', () => {
  it('gives the control digits DOMAIN.md lists: 019 → 41, 202 → 74, 123412 → 14', () => {
    expect(model97Control('019')).toBe('41');
    expect(model97Control('202')).toBe('74');
    expect(model97Control('123412')).toBe('14');
  });

  it('writes Voždovac as 97 41-019 on the slip and 41019 in the code', () => {
    expect(formatModel97Reference('019')).toBe('41-019');
    expect(model97Reference('019')).toBe('41019');
  });

  it('keeps a leading zero of the control digits (98 − remainder below 10)', () => {
    const reference = Array.from({ length: 200 }, (_, i) => String(i)).find(
      (r) => Number(model97Control(r)) < 10,
    )!;
    expect(model97Control(reference)).toMatch(/^0\d$/);
    expect(isValidModel97(`${model97Control(reference)}${reference}`)).toBe(true);
  });

  it('accepts its own references and rejects any single changed digit', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{1,15}$/),
        fc.nat(16),
        fc.integer({ min: 1, max: 9 }),
        (reference, at, delta) => {
          const full = model97Reference(reference);
          expect(isValidModel97(full)).toBe(true);
          const i = at % full.length;
          const changed = full.slice(0, i) + ((Number(full[i]) + delta) % 10) + full.slice(i + 1);
          expect(isValidModel97(changed)).toBe(false);
        },
      ),
    );
  });

  it('refuses a reference with letters, since model 97 is digits', () => {
    expect(() => model97Control('01A')).toThrow(RangeError);
    expect(isValidModel97('41-0A9')).toBe(false);
  });
});

describe('account numbers', () => {
  it('pads the middle part: 840-742221843-57 is 840000074222184357 and valid', () => {
    expect(checkAccount('840-742221843-57')).toEqual({
      valid: true,
      account: '840000074222184357',
      formatted: '840-742221843-57',
    });
    expect(checkAccount('840000074222184357').valid).toBe(true);
    expect(formatAccount('840000074222184357')).toBe('840-742221843-57');
  });

  it('says which control digits a mistyped account would need', () => {
    const check = checkAccount('840-742221843-58');
    expect(check).toMatchObject({ valid: false, problem: 'control' });
    expect(check.valid === false && check.message).toContain('57');
  });

  it('rejects the wrong shape with an example of the right one', () => {
    expect(checkAccount('840-74222184357')).toMatchObject({ valid: false, problem: 'format' });
    expect(checkAccount('84-742221843-57')).toMatchObject({ valid: false, problem: 'format' });
    expect(checkAccount('')).toMatchObject({ valid: false, problem: 'format' });
  });
});

describe('amounts', () => {
  it('reads amounts as people type them, in para', () => {
    expect(parseAmount('380')).toBe(38000);
    expect(parseAmount('380,00')).toBe(38000);
    expect(parseAmount('1.025,12')).toBe(102512);
    expect(parseAmount('1025.12')).toBe(102512);
    expect(parseAmount('1025,5')).toBe(102550);
    expect(parseAmount('12,345')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('pet')).toBeNull();
  });

  it('prints 1.025,12 on the slip and RSD1025,12 in the code', () => {
    expect(formatAmount(102512)).toBe('1.025,12');
    expect(formatIpsAmount(102512)).toBe('RSD1025,12');
    expect(formatIpsAmount(38000)).toBe('RSD380,00');
    expect(formatIpsAmount(5)).toBe('RSD0,05');
  });
});

describe('payment codes', () => {
  it('puts 1 in front for the cash slip and 2 for the QR code', () => {
    expect(cashPaymentCode('53')).toBe('153');
    expect(nonCashPaymentCode('53')).toBe('253');
  });
});

describe('NBS IPS QR payload', () => {
  const fee = {
    account: '840000074222184357',
    payee: 'Републичка административна такса',
    amountPara: 38000,
    payer: 'Драгана Јовановић\nУстаничка 12\nБеоград',
    paymentCode: '253',
    purpose: 'Такса за пријаву пребивалишта',
    model: '97',
    reference: '41019',
  };

  it('writes the tags in NBS order with nothing after the last value', () => {
    const result = buildIpsQr(fee);
    expect(result).toEqual({
      ok: true,
      payload:
        'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD380,00|' +
        'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Такса за пријаву пребивалишта|RO:9741019',
    });
  });

  it('leaves out empty optional tags instead of writing them empty', () => {
    const result = buildIpsQr({ ...fee, payer: '  ', purpose: null, model: null, reference: null });
    expect(result.ok && result.payload).toBe(
      'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD380,00|SF:253',
    );
  });

  it('refuses a | inside a value', () => {
    expect(buildIpsQr({ ...fee, purpose: 'Taksa | prijava' })).toEqual({
      ok: false,
      problems: [{ tag: 'S', message: 'A value may not contain "|"' }],
    });
  });

  it('refuses a zero amount, since a waived fee gets no code', () => {
    expect(buildIpsQr({ ...fee, amountPara: 0 }).ok).toBe(false);
  });

  it('refuses a payee longer than 70, and the validator refuses a purpose longer than 35', () => {
    const result = buildIpsQr({ ...fee, purpose: 'x'.repeat(36), payee: 'y'.repeat(71) });
    expect(result.ok === false && result.problems.map((p) => p.tag).sort()).toEqual(['N']);
    expect(
      validateIpsQr(`K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:253|S:${'x'.repeat(36)}`),
    ).toEqual([{ tag: 'S', message: 'At most 35 characters' }]);
  });

  it('shortens an optional purpose or payer that does not fit, and keeps the code (NBS: never a reason to drop it)', () => {
    const result = buildIpsQr({
      ...fee,
      purpose: 'x'.repeat(36),
      payer: `${'Ж'.repeat(60)}\n${'y'.repeat(30)}`,
    });
    expect(result.ok).toBe(true);
    const fields = result.ok ? parseIpsQr(result.payload) : {};
    expect([...(fields.S ?? '')]).toHaveLength(35);
    expect([...(fields.P ?? '')].length).toBeLessThanOrEqual(70);
    expect(fields.P?.startsWith('Ж'.repeat(60))).toBe(true);
  });

  it('writes a reference without a model after 00, as the ID-card form needs (RO:00100041150)', () => {
    const result = buildIpsQr({ ...fee, account: '980000000000033307', model: '', reference: '100041150' });
    expect(result.ok && parseIpsQr(result.payload).RO).toBe('00100041150');
  });

  it('refuses an account whose control digits are wrong and a reference whose model 97 digits are wrong', () => {
    const result = buildIpsQr({ ...fee, account: '840000074222184358', reference: '42019' });
    expect(result.ok === false && result.problems.map((p) => p.message)).toEqual([
      'The account control digits are wrong',
      'The model 97 control digits are wrong',
    ]);
  });

  it('finds every rule a foreign payload breaks', () => {
    const messages = (payload: string) => validateIpsQr(payload).map((p) => `${p.tag}: ${p.message}`);
    expect(messages('V:01|K:PR|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:253')).toContain(
      'K: The tag is out of the prescribed order',
    );
    expect(messages('K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1.000,00|SF:253')).toContain(
      'I: The amount is RSD, digits, a comma and up to two decimals',
    );
    expect(messages('K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:253|S:|')).toEqual(
      expect.arrayContaining([
        'null: The text must start with K: and end right after the last value',
        'S: An empty tag must be left out',
      ]),
    );
    expect(messages('K:PR|V:01|C:1|R:840000074222184357|N:X|I:RSD1,00|SF:353')).toContain(
      'SF: The payment code is three digits starting with 1 or 2',
    );
    expect(messages('K:PR|V:01|C:1|N:X|I:RSD1,00|SF:253')).toContain('R: This tag is required');
  });

  it('gives back the same fields it was built from', () => {
    const result = buildIpsQr(fee);
    expect(result.ok && parseIpsQr(result.payload)).toMatchObject({
      R: fee.account,
      RO: '9741019',
      SF: '253',
      I: 'RSD380,00',
    });
  });
});
