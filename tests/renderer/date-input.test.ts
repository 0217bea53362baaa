import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n, type Language } from '../../src/renderer/src/i18n';
import { DateInput, type DateInputProps } from '../../src/renderer/src/ui/DateInput';
import {
  dateFieldText,
  dateProblem,
  dateTextToIso,
  formatDate,
  isRealDate,
} from '../../src/renderer/src/ui/dates';

function render(props: Partial<DateInputProps> & { value: string }, language: Language = 'sr-Latn') {
  const input = createElement(DateInput, { onChange: () => undefined, ...props });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, input));
}

describe('a date field as desk staff type it', () => {
  it('reports 1.2.2026, 01.02.2026., 01/02/2026 and 2026-02-01 as the same ISO day', () => {
    expect(['1.2.2026', '01.02.2026.', '01/02/2026', '2026-02-01', ' 1.2.2026 '].map(dateTextToIso)).toEqual(
      Array(5).fill('2026-02-01'),
    );
  });

  it('reports text that is no date yet as typed, and blank as empty', () => {
    expect(dateTextToIso('1.2.')).toBe('1.2.');
    expect(dateTextToIso('31.02.2026')).toBe('2026-02-31'); // the shape of a date; the schema says it does not exist
    expect(dateTextToIso('   ')).toBe('');
  });

  it('keeps what the person typed while it still reads as the form value', () => {
    expect(dateFieldText('1.2.2026', '2026-02-01')).toBe('1.2.2026');
    expect(dateFieldText('1.2.', '1.2.')).toBe('1.2.');
  });

  it('shows a value set from elsewhere as dd.mm.yyyy, and a cleared form as empty', () => {
    expect(dateFieldText('1.2.2026', '2026-03-15')).toBe('15.03.2026');
    expect(dateFieldText('01.02.2026', '')).toBe('');
    expect(formatDate('2026-02-01')).toBe('01.02.2026');
  });

  it('names a day that does not exist and text that is no date, in the shared schema’s words', () => {
    expect(dateProblem('')).toBeNull();
    expect(dateProblem('2026-02-01')).toBeNull();
    expect(dateProblem(dateTextToIso('31.02.2026'))).toEqual({ key: 'errors:field.notARealDate' });
    expect(dateProblem(dateTextToIso('next week'))).toEqual({ key: 'errors:field.dateFormat' });
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
  });

  it('keeps the earliest and latest day as a message with the limit as dd.mm.yyyy', () => {
    const limits = { min: '2026-02-01', max: '2026-02-28' };
    expect(dateProblem('2026-01-31', limits)).toEqual({
      key: 'errors:field.dateNotBefore',
      values: { date: '01.02.2026' },
    });
    expect(dateProblem('2026-03-01', limits)).toEqual({
      key: 'errors:field.dateNotAfter',
      values: { date: '28.02.2026' },
    });
    expect(dateProblem('2026-02-01', limits)).toBeNull();
    expect(dateProblem('2026-02-28', limits)).toBeNull();
    // A limit that is itself half-typed (another field of the form) does not judge this one.
    expect(dateProblem('2026-01-01', { min: '1.2.' })).toBeNull();
  });
});

describe('DateInput', () => {
  it('shows the form’s ISO value as dd.mm.yyyy in a text box with the shared placeholder and class', () => {
    const html = render({ value: '2026-02-01' });
    expect(html).toContain('value="01.02.2026"');
    expect(html).toContain('type="text"');
    expect(html).toContain('class="date-input"');
    expect(html).toContain('placeholder="dd.mm.gggg"');
    expect(render({ value: '' }, 'sr-Cyrl')).toContain('placeholder="дд.мм.гггг"');
  });

  it('keeps the attributes its caller gives, and min/max only as a check', () => {
    const html = render({
      value: '2026-02-01',
      id: 'cw-day',
      required: true,
      disabled: true,
      'aria-describedby': 'cw-day-message',
      'aria-invalid': true,
      min: '2026-01-01',
      max: '2026-12-31',
    });
    expect(html).toContain('id="cw-day"');
    expect(html).toContain('required=""');
    expect(html).toContain('disabled=""');
    expect(html).toContain('aria-describedby="cw-day-message"');
    expect(html).toContain('aria-invalid="true"');
    // A text box has no picker to grey days out; the limits would only mislead a reader of the page.
    expect(html).not.toMatch(/\b(min|max)=/);
  });

  it('shows text the form holds that is no date as it was typed', () => {
    expect(render({ value: '31.13.2026' })).toContain('value="31.13.2026"');
  });
});
