import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { api } from '../api';
import { backupFolderProblem, CopyFailure, FOLDER_EXAMPLES } from '../security/BackupFolderCard';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { automaticBackupFolder } from './backup-folder';

/**
 * Step 5 (optional): the automatic backups explained, and the backup folder — a second place (a
 * USB stick, another disk, a network share) every daily backup is also copied to. A typed folder
 * is remembered and a first backup is made and copied there; left empty, the backups stay only
 * in the automatic folder on this computer.
 */
export function BackupStep({
  onBack,
  onFinish,
  finishing,
  finishError,
  footer,
}: {
  onBack: () => void;
  onFinish: () => void;
  finishing: boolean;
  finishError: unknown;
  footer: ReactNode;
}) {
  const { t } = useTranslation('setup');
  const [automatic, setAutomatic] = useState<string | null>(null);
  /** The folder the core remembers (one chosen before "Finish later", say). */
  const [remembered, setRemembered] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [made, setMade] = useState<CallOutput<'backups.create'> | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    Promise.all([api.call('system.info', {}), api.call('backups.settings', {})]).then(
      ([info, settings]) => {
        if (!current) return;
        setAutomatic(automaticBackupFolder(info.dataDir));
        setRemembered(settings.folder);
        setFolder((typed) => typed || (settings.folder ?? ''));
      },
      (error: unknown) => current && setFailure(error),
    );
    return () => {
      current = false;
    };
  }, []);

  const typed = folder.trim() || null;

  /** Enter remembers the folder (if it changed) and makes the backup; once it is made, Enter finishes. */
  const backUp = useAction(
    async () => {
      setFailure(null);
      setProblem(undefined);
      if (typed !== remembered)
        setRemembered((await api.call('backups.saveSettings', { folder: typed })).folder);
      setMade(await api.call('backups.create', {}));
    },
    {
      onFailure: (error) => {
        const folderProblem = backupFolderProblem(error);
        if (folderProblem) setProblem(folderProblem);
        else setFailure(error);
      },
    },
  );
  const busy = backUp.busy;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (made) return onFinish();
    void backUp.run();
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('backup.heading')}</h1>
      <p className="muted">{t('backup.intro')}</p>
      {automatic ? (
        <p className="setup-note">
          {t('backup.automatic')} <span className="mono break">{automatic}</span>
        </p>
      ) : null}
      <Field label={t('backup.folder')} problem={problem} hint={t('backup.folderHint', FOLDER_EXAMPLES)}>
        {(control) => (
          <input
            {...control}
            className="mono"
            value={folder}
            spellCheck={false}
            autoFocus
            onChange={(event) => setFolder(event.target.value)}
          />
        )}
      </Field>
      {made ? (
        <p className="banner banner-ok" role="status">
          <span>
            {t('backup.made')} <span className="mono break">{made.file}</span>
            {made.copiedTo ? (
              <>
                <br />
                {t('backup.copiedTo')} <span className="mono break">{made.copiedTo}</span>
              </>
            ) : null}
          </span>
        </p>
      ) : null}
      {made?.copyError ? <CopyFailure failure={made.copyError} /> : null}
      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      {finishError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(finishError)} />
      ) : null}
      <p className="muted setup-note">{t('backup.later')}</p>
      <div className="form-actions setup-actions">
        {footer}
        <button type="button" onClick={onBack} disabled={busy || finishing}>
          {t('action.back')}
        </button>
        {made ? (
          <button type="submit" className="button-primary" disabled={finishing} autoFocus>
            {t('action.finish')}
          </button>
        ) : (
          <>
            <button type="button" onClick={onFinish} disabled={busy || finishing}>
              {t('backup.skip')}
            </button>
            <button type="submit" className="button-primary" disabled={busy || finishing}>
              {busy
                ? t('backup.busy')
                : typed && typed !== remembered
                  ? t('backup.saveAndNow')
                  : t('backup.now')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
