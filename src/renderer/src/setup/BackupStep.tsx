import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { api } from '../api';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { automaticBackupFolder } from './backup-folder';

/** Desk PCs run Windows, where a USB stick is a drive letter. */
const USB_EXAMPLE = 'E:\\MSC-kopije';

/**
 * Step 5 (optional): the automatic backups explained, and a first backup now into a folder —
 * the automatic one is suggested; a USB stick kept away from the office is better.
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
  const [suggested, setSuggested] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [made, setMade] = useState<CallOutput<'backups.create'> | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    api.call('system.info', {}).then(
      (info) => {
        if (!current) return;
        const automatic = automaticBackupFolder(info.dataDir);
        setSuggested(automatic);
        setFolder((typed) => typed || automatic);
      },
      (error: unknown) => current && setFailure(error),
    );
    return () => {
      current = false;
    };
  }, []);

  /** Enter makes the backup; once it is made, Enter finishes. */
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (made) return onFinish();
    setFailure(null);
    setBusy(true);
    try {
      setMade(await api.call('backups.create', folder.trim() ? { folder: folder.trim() } : {}));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('backup.heading')}</h1>
      <p className="muted">{t('backup.intro')}</p>
      {suggested ? (
        <p className="setup-note">
          {t('backup.automatic')} <span className="mono break">{suggested}</span>
        </p>
      ) : null}
      <Field label={t('backup.folder')} hint={t('backup.folderHint', { example: USB_EXAMPLE })}>
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
          </span>
        </p>
      ) : null}
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
              {busy ? t('backup.busy') : t('backup.now')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
