import { useTranslation } from 'react-i18next';
import { Field } from '../ui/Field';
import type { Problem } from '../ui/problems';

export interface EnrolValues {
  serverUrl: string;
  code: string;
}

/**
 * The server address and the one-time enrolment code, as Settings → Sync and the first-run wizard
 * ask for them (the code is upper-cased as it is typed: it is read aloud or copied from a note).
 */
export function EnrolFields({
  values,
  onChange,
  problems,
  autoFocus,
}: {
  values: EnrolValues;
  onChange: (values: EnrolValues) => void;
  problems: Partial<Record<keyof EnrolValues, Problem>>;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('sync');
  return (
    <>
      <Field
        label={t('enrol.serverUrl')}
        problem={problems.serverUrl}
        hint={t('enrol.serverUrlHint', { example: 'https://sync.example.org' })}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://"
            required
            autoFocus={autoFocus}
            value={values.serverUrl}
            onChange={(event) => onChange({ ...values, serverUrl: event.target.value })}
          />
        )}
      </Field>
      <Field
        label={t('enrol.code')}
        problem={problems.code}
        hint={t('enrol.codeHint', { example: 'ABCD-EFGH-JKLM' })}
      >
        {(control) => (
          <input
            {...control}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            required
            value={values.code}
            onChange={(event) => onChange({ ...values, code: event.target.value.toUpperCase() })}
          />
        )}
      </Field>
    </>
  );
}
