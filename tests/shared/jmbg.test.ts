import { describe, it, expect } from 'vitest';
import { checkJmbg, jmbgControlDigit, jmbgMismatches, normalizeJmbg } from '../../src/shared/jmbg';

// A fixed "today" so the future-date rule does not drift with the calendar.
const TODAY = new Date(2024, 5, 15); // 15 June 2024, local time

describe('jmbgControlDigit', () => {
  it('computes the control digit of the known valid JMBGs', () => {
    expect(jmbgControlDigit('010190035000')).toBe(8);
    expect(jmbgControlDigit('010100650000')).toBe(6);
  });

  it('computes 11 minus the weighted sum mod 11 (worked by hand for 150399071500)', () => {
    // 7·(1+0) + 6·(5+7) + 5·(0+1) + 4·(3+5) + 3·(9+0) + 2·(9+0) = 161; 161 mod 11 = 7; 11 − 7 = 4
    expect(jmbgControlDigit('150399071500')).toBe(4);
  });

  it('gives 0 when m is 11 (weighted sum divisible by 11)', () => {
    expect(jmbgControlDigit('010199071004')).toBe(0); // sum 110
  });

  it('gives 0 when m is 10 (weighted sum mod 11 is 1)', () => {
    expect(jmbgControlDigit('010199071013')).toBe(0); // sum 111
  });

  it('refuses anything but twelve digits, since that is a programming mistake', () => {
    expect(() => jmbgControlDigit('01019003500')).toThrow(RangeError);
    expect(() => jmbgControlDigit('01019003500a')).toThrow(RangeError);
  });
});

describe('checkJmbg', () => {
  it('accepts 0101900350008 as a man born on 1 January 1900 (YYY 900 → 1900)', () => {
    expect(checkJmbg('0101900350008', TODAY)).toEqual({
      valid: true,
      birthDate: '1900-01-01',
      sex: 'M',
      region: 'Hrvatska',
    });
  });

  it('accepts 0101006500006 as born on 1 January 2006 (YYY 006 → 2006)', () => {
    // Serial BBB is 000 (digits 10–12), so the rule 000–499 makes this a man.
    expect(checkJmbg('0101006500006', TODAY)).toEqual({
      valid: true,
      birthDate: '2006-01-01',
      sex: 'M',
      region: 'Slovenija',
    });
  });

  it('reads the sex from the serial: 000–499 male, 500–999 female', () => {
    expect(checkJmbg('1506855714994', TODAY)).toMatchObject({ valid: true, sex: 'M' }); // 499
    expect(checkJmbg('1506855785000', TODAY)).toMatchObject({ valid: true, sex: 'F' }); // 500
    expect(checkJmbg('1503990715004', TODAY)).toMatchObject({ valid: true, sex: 'F' }); // 500
  });

  it('names the region of registration in Serbian Latin', () => {
    expect(checkJmbg('1503990715004', TODAY)).toMatchObject({ region: 'Beograd' });
    expect(checkJmbg('1506855785000', TODAY)).toMatchObject({ region: 'Kraljevo' });
  });

  it('reads YYY 800 as 1800 and YYY 999 as 1999', () => {
    expect(checkJmbg('0101800710007', TODAY)).toMatchObject({ birthDate: '1800-01-01' });
    expect(checkJmbg('3112999710003', TODAY)).toMatchObject({ birthDate: '1999-12-31' });
  });

  it('ignores spaces between digit groups and around the number', () => {
    expect(checkJmbg('  0101 900 35 000 8 ', TODAY)).toMatchObject({ valid: true });
    expect(checkJmbg('0101\u00a0900\u00a0350008', TODAY)).toMatchObject({ valid: true });
  });

  it('rejects the wrong number of digits with a format problem', () => {
    const check = checkJmbg('010190035000', TODAY);
    expect(check).toMatchObject({ valid: false, problem: 'format' });
    expect(check.valid === false && check.message).toBe('JMBG must have 13 digits, not 12');
  });

  it('rejects letters (a typed O for 0) and dashes with a format problem', () => {
    expect(checkJmbg('01019003500O8', TODAY)).toMatchObject({ valid: false, problem: 'format' });
    expect(checkJmbg('010190-035000-8', TODAY)).toMatchObject({ valid: false, problem: 'format' });
    expect(checkJmbg('', TODAY)).toMatchObject({ valid: false, problem: 'format' });
  });

  it('rejects 31 February even when the control digit fits', () => {
    // 310299071000 has control digit 5, so only the date is wrong.
    const check = checkJmbg('3102990710005', TODAY);
    expect(check).toMatchObject({ valid: false, problem: 'date' });
    expect(check.valid === false && check.message).toContain('31.02.1990');
  });

  it('rejects day 00, month 00 and month 13', () => {
    for (const first12 of ['000199071000', '010099071000', '011399071000']) {
      const jmbg = first12 + String(jmbgControlDigit(first12));
      expect(checkJmbg(jmbg, TODAY)).toMatchObject({ valid: false, problem: 'date' });
    }
  });

  it('accepts 29 February in a leap year only', () => {
    expect(checkJmbg('2902000710009', TODAY)).toMatchObject({ birthDate: '2000-02-29' });
    expect(checkJmbg('2902001710002', TODAY)).toMatchObject({ valid: false, problem: 'date' });
  });

  it('rejects a birth date after today, and YYY 799 (2799) with it', () => {
    const check = checkJmbg('1606024710008', TODAY); // 16 June 2024, a day after TODAY
    expect(check).toMatchObject({ valid: false, problem: 'future' });
    expect(check.valid === false && check.message).toContain('16.06.2024');
    expect(checkJmbg('0101799710006', TODAY)).toMatchObject({ valid: false, problem: 'future' });
  });

  it('accepts a child born today', () => {
    expect(checkJmbg('1506024710003', TODAY)).toMatchObject({
      valid: true,
      birthDate: '2024-06-15',
    });
  });

  it('names the right control digit when the checksum is wrong', () => {
    const check = checkJmbg('0101900350003', TODAY);
    expect(check).toMatchObject({ valid: false, problem: 'checksum' });
    expect(check.valid === false && check.message).toContain('should be 8, not 3');
  });

  it('catches a single mistyped digit in the serial through the checksum', () => {
    expect(checkJmbg('0101900350018', TODAY)).toMatchObject({ valid: false, problem: 'checksum' });
  });
});

describe('normalizeJmbg', () => {
  it('removes spaces and keeps everything else as typed', () => {
    expect(normalizeJmbg(' 0101 900 35 000 8 ')).toBe('0101900350008');
    expect(normalizeJmbg('0101-900')).toBe('0101-900');
  });
});

describe('jmbgMismatches', () => {
  const check = checkJmbg('0101900350008', TODAY);
  if (!check.valid) throw new Error('the fixture JMBG must be valid');

  it("finds nothing when the entered birth date and sex are the JMBG's, or left blank", () => {
    expect(jmbgMismatches(check, { birthDate: '1900-01-01', sex: 'M' })).toEqual([]);
    expect(jmbgMismatches(check, { birthDate: null, sex: null })).toEqual([]);
  });

  it('names each field that disagrees, birth date first, with both values', () => {
    expect(jmbgMismatches(check, { birthDate: '1900-01-02', sex: 'F' })).toEqual([
      { field: 'birthDate', fromJmbg: '1900-01-01', inForm: '1900-01-02' },
      { field: 'sex', fromJmbg: 'M', inForm: 'F' },
    ]);
    expect(jmbgMismatches(check, { birthDate: null, sex: 'F' })).toEqual([
      { field: 'sex', fromJmbg: 'M', inForm: 'F' },
    ]);
  });
});
