import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Sex } from '../../src/shared/client';
import { EnumSelect } from '../../src/renderer/src/ui/EnumSelect';

const labels: Record<Sex, string> = { M: 'Muški', F: 'Ženski' };

describe('a select of an enum with translated labels', () => {
  it('offers the empty choice first, then every value in the schema’s order with its words', () => {
    const html = renderToStaticMarkup(
      createElement(EnumSelect<Sex | ''>, {
        id: 'sex',
        value: 'F',
        options: Sex.options,
        empty: '—',
        label: (sex) => labels[sex],
        onChange: () => undefined,
      }),
    );
    expect(html).toBe(
      '<select id="sex"><option value="">—</option><option value="M">Muški</option>' +
        '<option value="F" selected="">Ženski</option></select>',
    );
  });

  it('has no empty choice without `empty`, so one value is always chosen', () => {
    const html = renderToStaticMarkup(
      createElement(EnumSelect<Sex>, {
        value: 'M',
        options: Sex.options,
        label: (sex) => labels[sex],
        onChange: () => undefined,
      }),
    );
    expect(html).not.toContain('value=""');
    expect(html).toContain('<option value="M" selected="">Muški</option>');
  });
});
