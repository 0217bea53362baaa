import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { api } from '../api';
import { formatTimestamp } from '../ui/dates';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { BackupFolderCard, FOLDER_EXAMPLES } from './BackupFolderCard';
import './security.css';

type Backup = CallOutput<'backups.list'>[number];
type FolderSettings = CallOutput<'backups.settings'>;
type Verification = CallOutput<'backups.verify'>;

/** The command that puts a backup back; it needs the app closed, so it is not a button here. */
const RESTORE_COMMAND = 'npm run cli -- restore FILE --data DIR';

/** `1,5 MB` in the UI's language. */
function formatSize(bytes: number, language: string): string {
  const megabytes = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: megabytes ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: megabytes ? 1 : 0,
  }).format(megabytes ? bytes / (1024 * 1024) : Math.max(1, Math.round(bytes / 1024)));
}

/** The file's name without its folder (the folder is shown once, in the made-to-folder notice). */
function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/**
 * `#/backups` (admin): the automatic and manual backups in the data folder, the backup folder they
 * are also copied to, a backup now (into the data folder or a folder such as a USB stick), a check
 * of any backup, and how to restore.
 */
export function BackupsPage() {
  const { t, i18n } = useTranslation('security');
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [folderSettings, setFolderSettings] = useState<FolderSettings | null>(null);
  const [made, setMade] = useState<CallOutput<'backups.create'> | null>(null);
  const [folder, setFolder] = useState('');
  const [checks, setChecks] = useState<Record<string, Verification | { error: unknown } | 'running'>>({});

  const load = useCallback(() => {
    api.call('backups.list', {}).then(setBackups, setFailure);
    // A backup made here may have been copied to the backup folder, or failed to be.
    api.call('backups.settings', {}).then(setFolderSettings, setFailure);
  }, []);
  useEffect(load, [load]);

  const backUp = useAction(
    async (target?: string) => {
      setFailure(null);
      setMade(null);
      setMade(await api.call('backups.create', target ? { folder: target } : {}));
      load();
    },
    { onFailure: setFailure },
  );

  async function verify(file: string) {
    setChecks((c) => ({ ...c, [file]: 'running' }));
    try {
      const result = await api.call('backups.verify', { file });
      setChecks((c) => ({ ...c, [file]: result }));
    } catch (error) {
      setChecks((c) => ({ ...c, [file]: { error } }));
    }
  }

  function toFolder(event: FormEvent) {
    event.preventDefault();
    if (folder.trim()) void backUp.run(folder.trim());
  }

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('backups.title')}</h1>
        <button
          type="button"
          className="button-primary"
          disabled={backUp.busy}
          onClick={() => void backUp.run()}
        >
          {t('backups.now')}
        </button>
      </header>
      <p className="muted">{t('backups.intro')}</p>
      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      {made ? (
        <div className="banner banner-ok" role="status">
          <span>
            {t('backups.made', { size: formatSize(made.bytes, i18n.language) })}{' '}
            <span className="mono break">{made.file}</span>
            {made.copiedTo ? (
              <>
                <br />
                {t('backups.copiedTo')} <span className="mono break">{made.copiedTo}</span>
              </>
            ) : null}
          </span>
          <VerifyButton file={made.file} check={checks[made.file]} onVerify={verify} />
        </div>
      ) : null}

      {folderSettings ? <BackupFolderCard settings={folderSettings} onSaved={setFolderSettings} /> : null}

      {/* In the desktop app, Electron will offer a folder dialog here; a browser can only take a typed path. */}
      <form className="card" onSubmit={toFolder} aria-labelledby="backup-folder-heading">
        <h2 id="backup-folder-heading">{t('backups.toFolderHeading')}</h2>
        <div className="form-grid">
          <Field
            label={t('backups.folder')}
            hint={t('backups.folderHint', { example: FOLDER_EXAMPLES.usb })}
            className="w5"
          >
            {(control) => (
              <input
                {...control}
                className="mono"
                value={folder}
                spellCheck={false}
                onChange={(e) => setFolder(e.target.value)}
              />
            )}
          </Field>
          <div className="field field--action field--action-top">
            <button type="submit" disabled={backUp.busy || !folder.trim()}>
              {t('backups.toFolder')}
            </button>
          </div>
        </div>
      </form>

      {backups ? (
        backups.length === 0 ? (
          <div className="empty-state">{t('backups.empty')}</div>
        ) : (
          <table className="data-table bordered-table backups-table">
            <caption className="list-caption">{t('backups.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.date')}</th>
                <th scope="col">{t('backups.kind')}</th>
                <th scope="col">{t('backups.size')}</th>
                <th scope="col">{t('backups.file')}</th>
                <th scope="col">{t('backups.check')}</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.file}>
                  <td className="nowrap">{formatTimestamp(backup.createdAt)}</td>
                  <td>{t(`backups.reason.${backup.reason}`)}</td>
                  <td className="nowrap">{formatSize(backup.bytes, i18n.language)}</td>
                  <td className="mono break" title={backup.file}>
                    {fileName(backup.file)}
                  </td>
                  <td>
                    <VerifyButton file={backup.file} check={checks[backup.file]} onVerify={verify} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}

      <section className="card restore-note" aria-labelledby="restore-heading">
        <h2 id="restore-heading">{t('backups.restoreHeading')}</h2>
        <p>{t('backups.restoreSteps', { file: 'FILE', dir: 'DIR' })}</p>
        <pre className="mono">{RESTORE_COMMAND}</pre>
        <p className="muted">{t('backups.restoreWhere')}</p>
      </section>
    </div>
  );
}

function VerifyButton({
  file,
  check,
  onVerify,
}: {
  file: string;
  check: Verification | { error: unknown } | 'running' | undefined;
  onVerify: (file: string) => Promise<void>;
}) {
  const { t } = useTranslation('security');
  if (check && check !== 'running') {
    if ('error' in check)
      return (
        <ProblemText className="field-message field-message--error" problem={problemFromError(check.error)} />
      );
    return check.ok ? (
      <span className="badge badge-ok" role="status">
        {t('backups.verifiedOk', { count: check.clients, version: check.schemaVersion })}
      </span>
    ) : (
      <span className="badge badge-danger" role="status">
        {t('backups.verifiedBad', { integrity: check.integrity })}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="button-small"
      disabled={check === 'running'}
      aria-label={t('backups.verifyLabel', { file: fileName(file) })}
      onClick={() => void onVerify(file)}
    >
      {t('backups.verify')}
    </button>
  );
}
