import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BackupFolderProblem,
  type BackupCopyError,
  type BackupFolderSettings,
} from '../../../shared/contract/backups';
import { AppError } from '../../../shared/errors';
import { api } from '../api';
import { formatTimestamp } from '../ui/dates';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';

/** Desk PCs run Windows: a USB stick is a drive letter, a share a `\\server\name` path. */
export const FOLDER_EXAMPLES = { usb: 'E:\\MSC-kopije', share: '\\\\server\\msc-kopije' };

/** The core's refusal of a folder (`detail.folderProblem`) in the UI's words; undefined for other failures. */
export function backupFolderProblem(error: unknown): Problem | undefined {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION') return undefined;
  const problem = BackupFolderProblem.safeParse(error.detail?.folderProblem);
  if (!problem.success) return undefined;
  return {
    key: `security:backupFolder.problem.${problem.data}`,
    values: FOLDER_EXAMPLES,
    raw: error.message,
  };
}

/** "The copy to E:\… failed on …: the folder could not be reached", with the system's words as a tooltip. */
export function CopyFailure({ failure }: { failure: BackupCopyError }) {
  const { t } = useTranslation('security');
  return (
    <div className="banner banner-error backup-copy-failure" title={failure.message}>
      <span>
        {t('backupFolder.copyFailed', {
          folder: failure.folder,
          at: formatTimestamp(failure.at),
          problem: t(`backupFolder.copyProblem.${failure.problem}`, { message: failure.message }),
        })}{' '}
        {t('backupFolder.copyRetry')}
      </span>
    </div>
  );
}

function CopyStatus({ settings }: { settings: BackupFolderSettings }) {
  const { t } = useTranslation('security');
  if (!settings.folder) return <p className="notice notice-warning form-note">{t('backupFolder.none')}</p>;
  if (settings.lastCopyError) return <CopyFailure failure={settings.lastCopyError} />;
  return (
    <p className="notice notice-ok form-note">
      {settings.lastCopyAt
        ? t('backupFolder.lastCopy', { folder: settings.folder, at: formatTimestamp(settings.lastCopyAt) })
        : t('backupFolder.noCopyYet', { folder: settings.folder })}
    </p>
  );
}

/**
 * The Backups page's backup folder: the second place (a USB stick, another disk, a network share)
 * every automatic backup is copied to, how the last copy went, and the admin's choice of folder.
 * The core checks a folder before remembering it; its refusal is shown beside the field.
 */
export function BackupFolderCard({
  settings,
  onSaved,
}: {
  settings: BackupFolderSettings;
  onSaved: (settings: BackupFolderSettings) => void;
}) {
  const { t } = useTranslation('security');
  const [folder, setFolder] = useState(settings.folder ?? '');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  /** The settings this card saved; its notice goes once the page loads newer ones (after a backup). */
  const [saved, setSaved] = useState<BackupFolderSettings | null>(null);

  const save = useAction(
    async (next: string | null) => {
      setProblem(undefined);
      setFailure(null);
      setSaved(null);
      const result = await api.call('backups.saveSettings', { folder: next });
      setFolder(result.folder ?? '');
      setSaved(result);
      onSaved(result);
    },
    {
      onFailure: (error) => {
        const fieldProblem = backupFolderProblem(error);
        if (fieldProblem) setProblem(fieldProblem);
        else setFailure(error);
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (folder.trim()) void save.run(folder.trim());
    else setProblem({ key: 'errors:field.required' });
  }

  return (
    <section className="card" aria-labelledby="backup-copies-heading">
      <h2 id="backup-copies-heading">{t('backupFolder.heading')}</h2>
      <p className="muted">{t('backupFolder.intro')}</p>
      <CopyStatus settings={settings} />
      <form onSubmit={submit} noValidate>
        {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
        <div className="form-grid">
          <Field
            label={t('backupFolder.field')}
            problem={problem}
            hint={t('backupFolder.hint', FOLDER_EXAMPLES)}
            className="w5"
          >
            {(control) => (
              <input
                {...control}
                className="mono"
                value={folder}
                spellCheck={false}
                onChange={(event) => {
                  setFolder(event.target.value);
                  setSaved(null);
                }}
              />
            )}
          </Field>
          <div className="field field--action field--action-top">
            <button type="submit" disabled={save.busy}>
              {t('backupFolder.save')}
            </button>
          </div>
        </div>
        {settings.folder ? (
          <div className="form-actions">
            <button type="button" disabled={save.busy} onClick={() => void save.run(null)}>
              {t('backupFolder.forget')}
            </button>
          </div>
        ) : null}
        {saved === settings ? (
          <p className="notice notice-ok form-note" role="status">
            {t(settings.folder ? 'backupFolder.saved' : 'backupFolder.forgotten')}
          </p>
        ) : null}
      </form>
    </section>
  );
}
