import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/contract';
import { mayCall } from '../../../shared/security';
import { api } from '../api';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { useSession } from './session-context';

/**
 * The idle lock in Settings: everyone sees after how many minutes the session locks itself; an
 * admin can change it for the office.
 */
export function SecuritySettingsCard() {
  const { t } = useTranslation('security');
  const { user, idleLockMinutes, refresh } = useSession();
  const [minutes, setMinutes] = useState(String(idleLockMinutes));
  const [problem, setProblem] = useState<Problem | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const store = useAction(
    async (input: { idleLockMinutes: number }) => {
      await api.call('settings.saveSecurity', input);
      await refresh();
      setSaved(true);
    },
    { onFailure: setFailure },
  );

  function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    const input = { idleLockMinutes: Number(minutes.trim() || Number.NaN) };
    if (!contract['settings.saveSecurity'].input.safeParse(input).success) {
      setProblem({ key: 'security:settings.minutesRange', values: { min: 1, max: 240 } });
      return;
    }
    setProblem(undefined);
    void store.run(input);
  }

  return (
    <section className="card" aria-labelledby="security-settings-heading">
      <h2 id="security-settings-heading">{t('settings.heading')}</h2>
      {mayCall(user.role, 'settings.saveSecurity') ? (
        <form onSubmit={save} noValidate>
          {failure ? (
            <ProblemText className="banner banner-error" problem={problemFromError(failure)} />
          ) : null}
          <div className="form-grid">
            <Field
              label={t('settings.idleLockMinutes')}
              problem={problem}
              hint={t('settings.idleLockHint')}
              className="w4"
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={1}
                  max={240}
                  inputMode="numeric"
                  value={minutes}
                  onChange={(event) => {
                    setMinutes(event.target.value);
                    setSaved(false);
                  }}
                />
              )}
            </Field>
            <div className="field field--action field--action-top">
              <button type="submit" disabled={store.busy}>
                {t('settings.save')}
              </button>
            </div>
          </div>
          {saved ? (
            <p className="notice notice-ok form-note" role="status">
              {t('settings.saved', { count: idleLockMinutes })}
            </p>
          ) : null}
        </form>
      ) : (
        <p>{t('settings.idleLockReadOnly', { count: idleLockMinutes })}</p>
      )}
    </section>
  );
}
