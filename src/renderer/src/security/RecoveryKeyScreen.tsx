import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { formatTimestamp } from '../ui/dates';
import { AuthLayout } from './AuthLayout';

/**
 * The recovery key, shown this once after setup: large, monospace, printable, and the admin must
 * confirm it is written down and kept away from this PC before the app opens.
 */
export function RecoveryKeyScreen({
  recoveryKey,
  progress,
  onContinue,
}: {
  recoveryKey: string;
  /** Where the first-run wizard stands, above the title. */
  progress?: ReactNode;
  onContinue: () => void;
}) {
  const { t } = useTranslation('security');
  const [stored, setStored] = useState(false);
  const [dataDir, setDataDir] = useState<string | null>(null);
  const [shownAt] = useState(() => new Date().toISOString());

  // Which installation the key opens, for the printed sheet; the key is useful without it.
  useEffect(() => {
    let current = true;
    api.call('system.info', {}).then(
      (info) => current && setDataDir(info.dataDir),
      () => {},
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <AuthLayout wide>
      {progress}
      <h1>{t('recoveryKey.title')}</h1>
      <p>{t('recoveryKey.purpose')}</p>
      <div className="recovery-key" role="group" aria-label={t('recoveryKey.label')}>
        {recoveryKey.split('-').map((group, index) => (
          // The groups never change while the screen is open; their position is their identity.
          <span key={index} className="recovery-key-group">
            {group}
          </span>
        ))}
      </div>
      <p className="recovery-key-meta muted">
        {t('recoveryKey.shownAt', { time: formatTimestamp(shownAt) })}
        {dataDir ? (
          <>
            {' · '}
            {t('recoveryKey.dataDir')} <span className="mono break">{dataDir}</span>
          </>
        ) : null}
      </p>
      <p className="notice notice-warning">{t('recoveryKey.onlyOnce')}</p>
      <div className="no-print recovery-key-actions">
        <button type="button" onClick={() => window.print()}>
          {t('recoveryKey.print')}
        </button>
        <label className="choice">
          {/* The next thing to do is to confirm the key is written down; Enter then goes on. */}
          <input
            type="checkbox"
            autoFocus
            checked={stored}
            onChange={(event) => setStored(event.target.checked)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && stored) onContinue();
            }}
          />
          {t('recoveryKey.stored')}
        </label>
        <button type="button" className="button-primary" disabled={!stored} onClick={onContinue}>
          {t('recoveryKey.continue')}
        </button>
      </div>
    </AuthLayout>
  );
}
