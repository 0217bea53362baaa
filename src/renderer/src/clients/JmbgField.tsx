import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { toScript } from '../../../shared/script';
import { scriptOfLanguage } from '../i18n';
import { Field } from '../ui/Field';
import type { Problem } from '../ui/problems';
import { formatDate } from '../ui/dates';
import { jmbgNeedsReason, type JmbgNotice } from './jmbg-assist';

interface JmbgFieldProps {
  jmbg: string;
  reason: string;
  notice: JmbgNotice;
  problem: Problem | undefined;
  reasonProblem: Problem | undefined;
  reasonInput: RefObject<HTMLInputElement | null>;
  /** The core refused the JMBG without a reason: ask for one even if this screen saw no problem. */
  forceReason: boolean;
  onJmbgChange: (value: string) => void;
  onReasonChange: (value: string) => void;
}

/**
 * The JMBG with what it says once complete ("From JMBG: born 01.01.1990, male"), or a warning
 * and a field for the reason to keep it as written: real documents carry anomalies (DOMAIN.md §4).
 */
export function JmbgField(props: JmbgFieldProps) {
  const { t, i18n } = useTranslation('clients');
  const { notice } = props;
  const needsReason = jmbgNeedsReason(notice);

  const showsNotice = notice.kind === 'valid' || notice.kind === 'invalid';
  return (
    <>
      <div className="field-group w3">
        <Field
          label={t('field.jmbg')}
          problem={props.problem}
          hint={
            notice.kind === 'typing'
              ? t('jmbg.typing', { count: notice.digits })
              : showsNotice
                ? undefined
                : t('jmbg.hint')
          }
        >
          {(control) => (
            <input
              {...control}
              className="mono"
              value={props.jmbg}
              inputMode="numeric"
              autoComplete="off"
              maxLength={20}
              onChange={(event) => props.onJmbgChange(event.target.value)}
            />
          )}
        </Field>

        <div className="jmbg-notice" aria-live="polite">
          {notice.kind === 'valid' && notice.mismatches.length === 0 ? (
            <div className="notice notice-ok" data-testid="jmbg-note">
              {t('jmbg.fromJmbg', {
                date: formatDate(notice.birthDate),
                sex: t(`sexWord.${notice.sex}`),
                // The JMBG names the sex, so the participle agrees with it (rođen / rođena).
                context: notice.sex,
              })}
              {notice.region ? (
                <span className="muted">
                  {' · '}
                  {t('jmbg.region', { region: toScript(notice.region, scriptOfLanguage(i18n.language)) })}
                </span>
              ) : null}
            </div>
          ) : null}
          {notice.kind === 'valid' && notice.mismatches.length > 0 ? (
            <div className="notice notice-warning" data-testid="jmbg-warning">
              {notice.mismatches.map((mismatch) => (
                <div key={mismatch.field}>
                  {mismatch.field === 'birthDate'
                    ? t('jmbg.mismatch.birthDate', {
                        fromJmbg: formatDate(mismatch.fromJmbg),
                        inForm: formatDate(mismatch.inForm),
                      })
                    : t('jmbg.mismatch.sex', {
                        fromJmbg: t(`sexWord.${mismatch.fromJmbg}`),
                        inForm: t(`sexWord.${mismatch.inForm}`),
                      })}
                </div>
              ))}
              <div>{t('jmbg.fixOrReason')}</div>
            </div>
          ) : null}
          {notice.kind === 'invalid' ? (
            <div className="notice notice-warning" data-testid="jmbg-warning">
              <div>{t(notice.key, notice.values)}</div>
              <div>{t('jmbg.fixOrReason')}</div>
            </div>
          ) : null}
        </div>
      </div>

      {needsReason || props.forceReason || props.reason !== '' ? (
        <Field
          label={t('field.jmbgOverrideReason')}
          className="w5"
          problem={props.reasonProblem}
          hint={needsReason || props.forceReason ? t('jmbg.reasonHint') : t('jmbg.reasonNotNeeded')}
        >
          {(control) => (
            <input
              {...control}
              ref={props.reasonInput}
              value={props.reason}
              autoComplete="off"
              onChange={(event) => props.onReasonChange(event.target.value)}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
