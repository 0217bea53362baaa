import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/client';
import type { PacketOptionsInput, Preflight, PreflightProblem } from '../../../shared/packets';
import { toScript } from '../../../shared/script';
import { api } from '../api';
import { scriptOfLanguage } from '../i18n';
import { DateInput } from '../ui/DateInput';
import { formatDate } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { clientFix, optionPath } from './client-fix';

interface PreflightListProps {
  preflight: Preflight;
  client: Client;
  options: PacketOptionsInput;
  onClientSaved: (client: Client) => void;
  onOptionsChange: (options: PacketOptionsInput) => void;
  /** Opens Settings → fees and codes, when the host offers it. */
  onOpenSettings?: () => void;
}

/** Step 2 of printing: every problem with its fix in place: on the record, in this packet's options, or a blank to fill by hand. */
export function PreflightList({
  preflight,
  client,
  options,
  onClientSaved,
  onOptionsChange,
  onOpenSettings,
}: PreflightListProps) {
  const { t } = useTranslation('packets');
  const sorted = [...preflight.problems].sort(
    (a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'),
  );
  if (sorted.length === 0) return <p className="notice notice-ok">{t('preflight.clean')}</p>;
  return (
    <div>
      <p className={preflight.blocking > 0 ? 'notice notice-warning' : 'notice notice-ok'} role="status">
        {preflight.blocking > 0
          ? t('preflight.blocking', { count: preflight.blocking })
          : t('preflight.ready')}
      </p>
      <ul className="plain-list">
        {sorted.map((problem) => (
          <li key={`${problem.code}:${problem.field}`} className="card">
            <ProblemRow
              problem={problem}
              client={client}
              options={options}
              onClientSaved={onClientSaved}
              onOptionsChange={onOptionsChange}
              onOpenSettings={onOpenSettings}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProblemRow({
  problem,
  client,
  options,
  onClientSaved,
  onOptionsChange,
  onOpenSettings,
}: Omit<PreflightListProps, 'preflight'> & { problem: PreflightProblem }) {
  const { t } = useTranslation('packets');
  const fix = clientFix(problem, client);
  const option = optionPath(problem);
  const [value, setValue] = useState(fix?.current ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const blanks = options.blanks ?? [];
  const blankConfirmed = blanks.includes(problem.field);
  const canBlank =
    problem.code === 'missing' ||
    problem.code === 'no_municipality' ||
    problem.code === 'no_municipality_code' ||
    problem.code === 'municipality_choose' ||
    problem.code === 'no_police_account';

  async function saveFix() {
    if (!fix) return;
    setSaving(true);
    setError(null);
    try {
      onClientSaved(
        await api.call('clients.update', {
          id: client.id,
          client: fix.apply(value),
          expectedUpdatedAt: client.updatedAt,
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const { i18n } = useTranslation();
  const uiScript = scriptOfLanguage(i18n.language);
  const label = t(`field.${problem.field}`, { defaultValue: toScript(problem.label, uiScript) });
  const params = {
    ...problem.params,
    ...(typeof problem.params.date === 'string' ? { date: formatDate(problem.params.date) } : {}),
  };
  const badge =
    problem.severity === 'error'
      ? problem.blank
        ? 'badge badge-warning'
        : 'badge badge-danger'
      : 'badge badge-warning';
  const inputId = `fix-${problem.code}-${problem.field}`;
  return (
    <div>
      <div>
        <span className={badge}>
          {problem.blank ? t('preflight.willBeBlank') : t(`severity.${problem.severity}`)}
        </span>{' '}
        <strong>{label}</strong>
        {problem.document ? (
          <span className="muted">
            {' '}
            · {t(`document.${problem.document}`, { defaultValue: problem.document })}
          </span>
        ) : null}
      </div>
      <div>{t(`problem.${problem.code}`, { ...params, label, defaultValue: problem.message })}</div>

      {fix ? (
        <div className="field field--action">
          <label htmlFor={inputId}>{t('preflight.fixOnRecord')}</label>
          {fix.input === 'sex' ? (
            <select id={inputId} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">—</option>
              <option value="M">{t('sex.M')}</option>
              <option value="F">{t('sex.F')}</option>
            </select>
          ) : fix.input === 'date' ? (
            <DateInput id={inputId} value={value} onChange={setValue} />
          ) : (
            <input id={inputId} value={value} onChange={(e) => setValue(e.target.value)} />
          )}
          <button
            type="button"
            className="button button-small"
            onClick={() => void saveFix()}
            disabled={saving}
          >
            {saving ? t('action.saving') : t('action.saveToRecord')}
          </button>
        </div>
      ) : null}
      {option ? (
        <div className="field field--action">
          <label htmlFor={inputId}>{t('preflight.fixInPacket')}</label>
          <input
            id={inputId}
            value={readOption(options, option)}
            onChange={(e) => onOptionsChange(writeOption(options, option, e.target.value))}
          />
        </div>
      ) : null}
      {problem.fix === 'settings' ? (
        <div className="muted">
          {t('preflight.fixInSettings')}{' '}
          {onOpenSettings ? (
            <button type="button" className="button button-quiet button-small" onClick={onOpenSettings}>
              {t('action.openSettings')}
            </button>
          ) : null}
        </div>
      ) : null}
      {problem.code === 'name_diacritics' ? (
        // The Cyrillic spelling is right as derived (or was corrected on the record): say so for this packet.
        <label className="choice">
          <input
            type="checkbox"
            checked={options.namesConfirmed ?? false}
            onChange={(e) => onOptionsChange({ ...options, namesConfirmed: e.target.checked })}
          />
          {t('preflight.confirmNames')}
        </label>
      ) : null}
      {canBlank && !options.allowBlank ? (
        <label className="choice">
          <input
            type="checkbox"
            checked={blankConfirmed}
            onChange={(e) =>
              onOptionsChange({
                ...options,
                blanks: e.target.checked
                  ? [...blanks, problem.field]
                  : blanks.filter((f) => f !== problem.field),
              })
            }
          />
          {t('preflight.confirmBlank')}
        </label>
      ) : null}
      {error ? (
        <ProblemText className="field-message field-message--error" problem={problemFromError(error)} />
      ) : null}
    </div>
  );
}

function readOption(options: PacketOptionsInput, path: string[]): string {
  let value: unknown = options;
  for (const key of path)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

/** `options.owner.fullName` ← text, keeping the rest of the options as they are. */
function writeOption(options: PacketOptionsInput, path: string[], text: string): PacketOptionsInput {
  const value = text === '' ? null : text;
  const [head, ...rest] = path;
  if (!head) return options;
  if (rest.length === 0) return { ...options, [head]: value };
  const inner =
    ((options as Record<string, unknown>)[head] as Record<string, unknown> | null | undefined) ?? {};
  return { ...options, [head]: { ...inner, [rest.join('.')]: value } };
}
