import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncRunResult, SyncStatus } from '../../../shared/contract/sync';
import { LIMITS } from '../../../shared/sync';
import { api } from '../api';
import { BehindNotice } from './BehindNotice';
import { SyncByFile } from './SyncByFile';
import { EnrolFields, type EnrolValues } from './EnrolFields';
import './sync.css';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { fieldProblemsFromError, problemFromError } from '../ui/problems';
import { formatMoment, formatSize, skewMinutes } from './format';
import { SyncPreview } from './SyncPreview';
import { useSyncStatus } from './useSyncStatus';

export const CONFLICTS_PATH = '/sync/conflicts';

/**
 * Settings → Sync: the server address and enrolment code, then a Sync button with its progress,
 * the last successful sync, changes waiting to go out, conflicts to settle, and a plain message
 * when the link fails. Mount it on the Settings page.
 */
export function SyncPanel() {
  const { t } = useTranslation('sync');
  const sync = useSyncStatus();
  const [changingServer, setChangingServer] = useState(false);

  if (!sync.status) {
    return (
      <section className="card" aria-labelledby="sync-heading">
        <h2 id="sync-heading">{t('heading')}</h2>
        {sync.loadError ? (
          <ProblemText className="banner banner-error" problem={problemFromError(sync.loadError)} />
        ) : (
          <p className="muted">{t('common:loading')}</p>
        )}
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="sync-heading">
      <h2 id="sync-heading">{t('heading')}</h2>
      {!sync.status.enrolled || changingServer ? (
        <EnrolForm
          initialUrl={sync.status.serverUrl ?? ''}
          onEnrolled={() => {
            setChangingServer(false);
            sync.refresh();
          }}
          onCancel={sync.status.enrolled ? () => setChangingServer(false) : undefined}
        />
      ) : (
        <SyncControls
          status={sync.status}
          running={sync.running}
          run={sync.run}
          cancel={sync.cancel}
          reads={sync.reads}
          onChangeServer={() => setChangingServer(true)}
          refresh={sync.refresh}
        />
      )}
    </section>
  );
}

function EnrolForm({
  initialUrl,
  onEnrolled,
  onCancel,
}: {
  initialUrl: string;
  onEnrolled: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('sync');
  const [values, setValues] = useState<EnrolValues>({ serverUrl: initialUrl, code: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldProblems = fieldProblemsFromError(error, '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('sync.enroll', values);
      setValues((v) => ({ ...v, code: '' }));
      onEnrolled();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="sync-enrol" aria-describedby="sync-enrol-hint">
      <p id="sync-enrol-hint" className="muted">
        {t('enrol.hint')}
      </p>
      <EnrolFields values={values} onChange={setValues} problems={fieldProblems} />
      {error && Object.keys(fieldProblems).length === 0 ? (
        <ProblemText className="banner banner-error" problem={problemFromError(error)} />
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button-primary"
          disabled={busy || values.serverUrl.trim() === '' || values.code.trim() === ''}
        >
          {busy ? t('enrol.busy') : t('enrol.submit')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={busy}>
            {t('common:action.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function SyncControls({
  status,
  running,
  run,
  cancel,
  reads,
  onChangeServer,
  refresh,
}: {
  status: SyncStatus;
  running: boolean;
  run: (confirmMassDelete: boolean) => Promise<SyncRunResult>;
  cancel: () => Promise<void>;
  reads: number;
  onChangeServer: () => void;
  refresh: () => void;
}) {
  const { t, i18n } = useTranslation('sync');
  const [result, setResult] = useState<SyncRunResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<SyncRunResult['needsConfirmation']>(null);
  const skew = skewMinutes(status.clockSkewMs);
  const clockOff = status.clockSkewMs !== null && Math.abs(status.clockSkewMs) > LIMITS.clockSkewMs;

  async function start(confirmMassDelete: boolean) {
    setError(null);
    setAsking(null);
    try {
      const done = await run(confirmMassDelete);
      setResult(done);
      if (done.needsConfirmation) setAsking(done.needsConfirmation);
    } catch (failure) {
      setResult(null);
      setError(failure);
    }
  }

  const progress = status.running;
  const [cancelError, setCancelError] = useState<unknown>(null);
  const bytes = progress
    ? t('run.bytes', {
        received: formatSize(progress.bytesReceived ?? 0, i18n.language),
        sent: formatSize(progress.bytesSent ?? 0, i18n.language),
      })
    : '';

  return (
    <div className="sync-controls">
      <dl className="details">
        <dt>{t('status.server')}</dt>
        <dd className="mono break">
          {status.serverUrl}{' '}
          <button
            type="button"
            className="button-quiet button-small"
            onClick={onChangeServer}
            disabled={running}
          >
            {t('status.changeServer')}
          </button>
        </dd>
        <dt>{t('status.office')}</dt>
        <dd>{status.officeName}</dd>
        <dt>{t('status.lastSuccess')}</dt>
        <dd data-testid="sync-last-success">
          {status.lastSuccessAt ? formatMoment(status.lastSuccessAt, i18n.language) : t('status.never')}
        </dd>
        <dt>{t('status.pending')}</dt>
        <dd data-testid="sync-pending">{t('status.pendingCount', { count: status.pendingCount })}</dd>
        <dt>{t('status.conflicts')}</dt>
        <dd data-testid="sync-conflicts">
          {status.conflictsCount > 0 ? (
            <Link to={CONFLICTS_PATH}>{t('status.conflictsCount', { count: status.conflictsCount })}</Link>
          ) : (
            t('status.noConflicts')
          )}
        </dd>
      </dl>

      {/* Until a pull reaches the end of the centre's log, this PC's records may be out of date. */}
      {status.behind && !running ? <BehindNotice behind={status.behind} /> : null}

      {clockOff ? (
        <div className="banner banner-error" role="alert">
          {t(status.clockSkewMs! > 0 ? 'clock.ahead' : 'clock.behind', { count: skew })}
        </div>
      ) : null}

      <div className="form-actions">
        <button
          type="button"
          className="button-primary"
          onClick={() => void start(false)}
          disabled={running}
          aria-describedby="sync-progress"
        >
          {running ? t('run.busy') : t('run.button')}
        </button>
        {running ? (
          <button
            type="button"
            onClick={() => {
              setCancelError(null);
              cancel().catch(setCancelError);
            }}
            disabled={progress?.cancelling === true}
            data-testid="sync-cancel"
          >
            {progress?.cancelling ? t('run.cancelling') : t('run.cancel')}
          </button>
        ) : null}
        <span id="sync-progress" className="muted" role="status" aria-live="polite">
          {running && progress
            ? `${
                progress.cancelling
                  ? t('run.cancelling')
                  : progress.phase === 'pull' && progress.total
                    ? t('run.pullingOf', { records: progress.records ?? 0, total: progress.total })
                    : progress.phase === 'push' && progress.toPush
                      ? t('run.pushingOf', { pushed: progress.pushed, total: progress.toPush })
                      : t(progress.phase === 'push' ? 'run.pushing' : 'run.pulling', {
                          pushed: progress.pushed,
                          pulled: progress.pulled,
                        })
              } · ${bytes}`
            : null}
        </span>
      </div>
      {cancelError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(cancelError)} />
      ) : null}

      {error ? (
        <ProblemText className="banner banner-error" problem={problemFromError(error)} />
      ) : !running && status.lastError && !result ? (
        <ProblemText
          className="banner banner-error"
          problem={{ key: `errors:code.${status.lastError.code}`, raw: status.lastError.message }}
        />
      ) : null}

      {result?.cancelled ? (
        <div className="banner notice-warning" role="status" data-testid="sync-cancelled">
          {t('run.cancelled', { pushed: result.pushed, pulled: result.pulled })}
        </div>
      ) : result && !result.needsConfirmation ? (
        <div className="banner banner-ok" role="status">
          {t('run.done', { pushed: result.pushed, pulled: result.pulled })}{' '}
          {result.newConflicts > 0 ? t('run.newConflicts', { count: result.newConflicts }) : null}
          {result.removed > 0 ? ` ${t('run.removed', { count: result.removed })}` : null}
        </div>
      ) : null}

      {/* What the next sync sends and what the last one brought, read again after each sync. */}
      {!running ? <SyncPreview reads={reads} /> : null}

      <SyncByFile disabled={running} onDone={refresh} />

      {/* A pull stopped to ask (now, or at an earlier sync): nothing was removed until someone confirms. */}
      {!asking && !running && status.awaitingConfirmation ? (
        <div className="banner notice-warning" role="status">
          {t('massDelete.waiting', { count: status.awaitingConfirmation.deletions })}{' '}
          <button
            type="button"
            className="button-small"
            onClick={() => setAsking(status.awaitingConfirmation)}
          >
            {t('massDelete.review')}
          </button>
        </div>
      ) : null}

      {asking && !running ? (
        <ConfirmDialog
          title={t('massDelete.title')}
          confirmLabel={t('massDelete.confirm')}
          danger
          onConfirm={() => void start(true)}
          onCancel={() => setAsking(null)}
        >
          <p>{t('massDelete.body', { count: asking.deletions, liveRecords: asking.liveRecords })}</p>
          <p className="muted">{t('massDelete.safe')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
