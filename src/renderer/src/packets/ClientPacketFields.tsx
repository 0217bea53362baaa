import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InstructionLanguage } from '../../../shared/client';
import { municipalityResolver } from '../../../shared/municipality';
import type { Municipality } from '../../../shared/packets';
import { api } from '../api';
import { Field } from '../ui/Field';

/**
 * The client form's two fields for packets (issue 12), mounted by the client form: the language
 * of the client's instruction sheet, and — when the place is a city of city municipalities
 * (Niš, Beograd, Novi Sad …) or a name two cities share (Palilula) — which municipality the
 * client lives in, offering that city's. Both resolve exactly as the packets do.
 */

export function ReadingLanguageField({
  value,
  onChange,
}: {
  value: InstructionLanguage;
  onChange: (value: InstructionLanguage) => void;
}) {
  const { t } = useTranslation('packets');
  return (
    <Field label={t('client.readingLanguage')} hint={t('client.readingLanguageHint')} className="w2">
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(event) => onChange(event.target.value as InstructionLanguage)}
        >
          {InstructionLanguage.options.map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The municipality codes in force, loaded once per form (a public call: 199 short rows). */
function useMunicipalities(): Municipality[] | null {
  const [rows, setRows] = useState<Municipality[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call('municipalities.list', {})
      .then(({ items }) => live && setRows(items))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, []);
  return rows;
}

export function MunicipalityChoice({
  place,
  municipality,
  onChoose,
}: {
  place: string;
  municipality: string;
  onChoose: (name: string) => void;
}) {
  const { t } = useTranslation('packets');
  const rows = useMunicipalities();
  const resolve = useMemo(() => (rows ? municipalityResolver(rows) : null), [rows]);
  if (!resolve) return null;
  const resolved = resolve({ place, municipality });
  if (resolved.status === 'resolved') {
    const row = resolved.municipality;
    return (
      <p className="muted span-all" role="status">
        {row.code
          ? t('client.municipalityResolved', { name: row.name, code: row.code })
          : t('client.municipalityNoCode', { name: row.name })}
      </p>
    );
  }
  if (resolved.status === 'unknown')
    return (
      <p className="muted span-all" role="status">
        {t('client.municipalityUnknown', { name: resolved.typed })}
      </p>
    );
  if (resolved.status !== 'choose' && resolved.status !== 'ambiguous') return null;
  return (
    <Field
      label={t('client.chooseMunicipality')}
      hint={
        resolved.status === 'choose'
          ? t('client.cityHasMunicipalities', { city: resolved.city })
          : t('client.sharedName', { name: resolved.typed })
      }
      className="w4"
    >
      {(control) => (
        <select
          {...control}
          value=""
          onChange={(event) => event.target.value && onChoose(event.target.value)}
        >
          <option value="">{t('client.choose')}</option>
          {resolved.options.map((row) => (
            <option key={row.id} value={row.name}>
              {row.name}
              {row.city ? ` (${row.city})` : ''}
              {row.code ? ` — ${row.code}` : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
