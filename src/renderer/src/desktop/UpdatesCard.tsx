import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../shared/desktop';
import { mayCall } from '../../../shared/security';
import { api } from '../api';
import { useSession } from '../security';
import { DateInput } from '../ui/DateInput';
import { formatDate } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { desktop, desktopRequest } from '../desktop-bridge';

/**
 * Settings → Updates (installed app only): where this PC stands with new versions, "Check now",
 * "Restart and install" for a downloaded one, and for admins a postponement (a reporting week, an
 * audit visit) until a chosen day. Without a restart, a downloaded update installs at close.
 */
export function UpdatesCard() {
  const { t } = useTranslation('desktop');
  const { user } = useSession();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const { busy, run } = useAction(
    (work: () => Promise<unknown>) => {
      setProblem(null);
      return work();
    },
    { onFailure: (error) => setProblem(problemFromError(error)) },
  );

  useEffect(() => {
    if (!desktop) return;
    let current = true;
    desktopRequest({ action: 'updates.status' }).then(
      (loaded) => current && setStatus(loaded),
      (error: unknown) => current && setProblem(problemFromError(error)),
    );
    const stop = desktop.onEvent((event) => {
      if (event.type === 'update-status') setStatus(event.status);
    });
    return () => {
      current = false;
      stop();
    };
  }, []);

  if (!desktop) return null;
  const check = () => run(async () => setStatus(await desktopRequest({ action: 'updates.check' })));

  return (
    <section className="card" aria-labelledby="updates-heading">
      <h2 id="updates-heading">{t('updates.heading')}</h2>
      {status ? <StatusLine status={status} /> : <p className="muted">{t('common:loading')}</p>}
      {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
      <div className="row-actions">
        <button type="button" onClick={() => void check()} disabled={busy || status?.state === 'downloading'}>
          {t('updates.checkNow')}
        </button>
        {status?.state === 'downloaded' && !status.postponedUntil ? (
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void run(() => desktopRequest({ action: 'updates.restartToInstall' }))}
          >
            {t('updates.restartNow')}
          </button>
        ) : null}
      </div>
      {mayCall(user.role, 'updates.postpone') && status?.state !== 'not-installed' ? (
        <Postpone onChanged={check} />
      ) : null}
    </section>
  );
}

function StatusLine({ status }: { status: UpdateStatus }) {
  const { t, i18n } = useTranslation('desktop');
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  switch (status.state) {
    case 'downloading':
      return (
        <div className="update-progress">
          <p>{t('updates.downloading', { version: status.version, percent: Math.round(status.percent) })}</p>
          <progress max={100} value={status.percent} aria-label={t('updates.progressLabel')} />
        </div>
      );
    case 'downloaded':
      return (
        <p className="notice notice-ok">
          {status.postponedUntil
            ? t('updates.downloadedPostponed', {
                version: status.version,
                until: formatDate(status.postponedUntil),
              })
            : t('updates.downloaded', { version: status.version })}
        </p>
      );
    case 'up-to-date':
      return <p>{t('updates.upToDate', { when: date(status.checkedAt) })}</p>;
    case 'needs-admin':
      // Installing needs rights desk staff lack (per-machine install, deb): IT installs it.
      return (
        <p className="notice notice-warning">
          {t(status.install === 'deb' ? 'updates.needsAdminDeb' : 'updates.needsAdminMachine', {
            version: status.version,
          })}
        </p>
      );
    case 'error':
      return (
        <p className="notice notice-warning">
          {t(
            status.reason === 'unreachable'
              ? 'updates.unreachable'
              : status.reason === 'unsigned'
                ? 'updates.unsigned'
                : 'updates.failed',
            {
              when: date(status.at),
            },
          )}
        </p>
      );
    default:
      return <p>{t(`updates.state.${status.state}`)}</p>;
  }
}

/** An admin keeps installing off until the end of a day, or lifts that again. */
function Postpone({ onChanged }: { onChanged: () => Promise<void> }) {
  const { t } = useTranslation('desktop');
  const [until, setUntil] = useState('');
  const [current, setCurrent] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    api.call('updates.feed', {}).then(
      (feed) => setCurrent(feed.postponedUntil),
      (error: unknown) => setProblem(problemFromError(error)),
    );
  }, []);

  async function save(value: string | null) {
    setProblem(null);
    try {
      const feed = await api.call('updates.postpone', { until: value });
      setCurrent(feed.postponedUntil);
      setUntil('');
      await onChanged();
    } catch (error) {
      setProblem(problemFromError(error));
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(until || null);
  };

  return (
    <form className="postpone" onSubmit={submit} noValidate>
      <h3>{t('updates.postpone.heading')}</h3>
      <p className="muted">
        {current ? t('updates.postpone.current', { until: formatDate(current) }) : t('updates.postpone.none')}
      </p>
      <label htmlFor="postpone-until">{t('updates.postpone.until')}</label>
      <div className="postpone-row">
        <DateInput
          id="postpone-until"
          value={until}
          aria-invalid={problem ? true : undefined}
          onChange={setUntil}
        />
        <button type="submit" disabled={!until}>
          {t('updates.postpone.save')}
        </button>
        {current ? (
          <button type="button" className="button-quiet" onClick={() => void save(null)}>
            {t('updates.postpone.lift')}
          </button>
        ) : null}
      </div>
      {problem ? <ProblemText className="field-message field-message--error" problem={problem} /> : null}
    </form>
  );
}
