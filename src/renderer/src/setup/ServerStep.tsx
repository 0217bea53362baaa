import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type ParsedInput } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/contract/sync';
import { api } from '../api';
import { checkWith, type FieldProblems } from '../security/account-problems';
import { EnrolFields, type EnrolValues } from '../sync';
import { ProblemText } from '../ui/ProblemText';
import { fieldProblemsFromError, problemFromError } from '../ui/problems';
import { useAction } from '../ui/useAction';

/**
 * Step 4 (optional): enrol this PC with the centre's sync server, with the same call as
 * Settings → Sync. Skipping is a plain choice; Settings → Sync does it any time later.
 */
export function ServerStep({
  onNext,
  footer,
}: {
  onNext: () => void;
  /** "Finish later", shown beside the step's own buttons. */
  footer: ReactNode;
}) {
  const { t } = useTranslation('setup');
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [values, setValues] = useState<EnrolValues>({ serverUrl: '', code: '' });
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<unknown>(null);

  // Resumed after an enrolment that happened before the app was closed: say so, do not ask again.
  useEffect(() => {
    let current = true;
    api.call('sync.status', {}).then(
      (loaded) => current && setStatus(loaded),
      () => {},
    );
    return () => {
      current = false;
    };
  }, []);

  const enrol = useAction(
    async (input: ParsedInput<'sync.enroll'>) => {
      await api.call('sync.enroll', input);
      setStatus(await api.call('sync.status', {}));
    },
    {
      onFailure: (error) => {
        const fields = fieldProblemsFromError(error, '');
        setProblems(fields);
        if (Object.keys(fields).length === 0) setFailure(error);
      },
    },
  );
  const busy = enrol.busy;

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = checkWith(contract['sync.enroll'].input, values);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    void enrol.run(checked.data);
  }

  if (status?.enrolled) {
    return (
      <div className="setup-form">
        <h1>{t('server.heading')}</h1>
        <p className="banner banner-ok" role="status">
          {t('server.enrolled', { office: status.officeName ?? '', server: status.serverUrl ?? '' })}
        </p>
        <div className="form-actions setup-actions">
          {footer}
          <button type="button" className="button-primary" autoFocus onClick={onNext}>
            {t('action.next')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('server.heading')}</h1>
      <p className="muted">{t('server.intro')}</p>
      <EnrolFields values={values} onChange={setValues} problems={problems} autoFocus />
      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      <p className="muted setup-note">{t('server.skipHint')}</p>
      <div className="form-actions setup-actions">
        {footer}
        <button type="button" onClick={onNext} disabled={busy}>
          {t('server.skip')}
        </button>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('sync:enrol.busy') : t('sync:enrol.submit')}
        </button>
      </div>
    </form>
  );
}
