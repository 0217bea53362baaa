/**
 * Recovery with the recovery key, or the start-up passphrase (choose one, or type it). Every
 * answer comes from main; a refusal (wrong key, short passphrase) is shown and nothing changes.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSPHRASE, type KeyScreen } from '../../../../shared/desktop';
import { AppError } from '../../../../shared/errors';
import { desktopRequest } from '../../desktop-bridge';
import { useAction } from '../../ui/useAction';

/** A single card in the middle of the window (the app's own layout is not loaded here). */
const PAGE = { maxWidth: 640, margin: '48px auto', padding: '0 16px' } as const;

function messageOf(error: unknown): string {
  return error instanceof AppError || error instanceof Error ? error.message : String(error);
}

export function KeyScreenPage() {
  const { t } = useTranslation('keyscreen');
  const [screen, setScreen] = useState<KeyScreen | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');

  // The request depends on the screen, known only once it has loaded, so `submit` hands it in.
  const open = useAction(
    async (request: () => Promise<unknown>) => {
      await request();
      setOpened(true);
    },
    { onFailure: (error) => setProblem(messageOf(error)) },
  );
  const busy = open.busy;

  useEffect(() => {
    desktopRequest({ action: 'key.screen' }).then(setScreen, (error: unknown) =>
      setProblem(messageOf(error)),
    );
  }, []);

  if (!screen)
    return (
      <main className="key-screen" style={PAGE}>
        {problem ? <p role="alert">{problem}</p> : null}
      </main>
    );

  const choosing = screen.mode === 'passphrase-new' || (screen.mode === 'recover' && screen.withPassphrase);
  const keyring =
    screen.platform === 'linux'
      ? t('keyringLinux')
      : screen.platform === 'win32'
        ? t('keyringWindows')
        : t('keyringOther');

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (choosing && passphrase !== repeat) return setProblem(t('passphraseMismatch'));
    if (choosing && [...passphrase].length < MIN_PASSPHRASE)
      return setProblem(t('passphraseShort', { min: MIN_PASSPHRASE }));
    void open.run(() =>
      screen?.mode === 'recover'
        ? desktopRequest({ action: 'key.recover', recoveryKey, ...(choosing ? { passphrase } : {}) })
        : desktopRequest({ action: 'key.passphrase', passphrase }),
    );
  }

  const title =
    screen.mode === 'recover'
      ? t('recover.title')
      : screen.mode === 'passphrase-new'
        ? t('new.title')
        : t('enter.title');
  return (
    <main className="key-screen" style={PAGE}>
      <section className="card" aria-labelledby="key-screen-title">
        <h1 id="key-screen-title">{title}</h1>
        {screen.mode === 'recover' ? (
          <>
            <p>
              {t(screen.reason === 'cannot-unseal' ? 'recover.cannotUnseal' : 'recover.noKey', { keyring })}
            </p>
            <p>{t('recover.how')}</p>
          </>
        ) : (
          <p>{t(screen.mode === 'passphrase-new' ? 'new.why' : 'enter.why')}</p>
        )}
        <p className="muted">{t('dataFolder', { folder: screen.dataDir })}</p>
        <form onSubmit={(event) => void submit(event)}>
          {screen.mode === 'recover' ? (
            <div className="field">
              <label htmlFor="recovery-key">{t('recover.label')}</label>
              <input
                id="recovery-key"
                autoComplete="off"
                spellCheck={false}
                value={recoveryKey}
                onChange={(event) => setRecoveryKey(event.target.value)}
                placeholder="XXXX-XXXX-XXXX-…"
                required
              />
            </div>
          ) : null}
          {screen.mode !== 'recover' || choosing ? (
            <div className="field">
              <label htmlFor="passphrase">
                {choosing ? t('new.label', { min: MIN_PASSPHRASE }) : t('enter.label')}
              </label>
              <input
                id="passphrase"
                type="password"
                autoComplete={choosing ? 'new-password' : 'current-password'}
                value={passphrase}
                onChange={(event) => setPassphrase(event.target.value)}
                required
              />
            </div>
          ) : null}
          {choosing ? (
            <div className="field">
              <label htmlFor="passphrase-repeat">{t('new.repeat')}</label>
              <input
                id="passphrase-repeat"
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(event) => setRepeat(event.target.value)}
                required
              />
            </div>
          ) : null}
          {choosing ? <p className="notice notice-warning">{t('new.remember')}</p> : null}
          {problem ? (
            <p className="notice notice-warning" role="alert">
              {problem}
            </p>
          ) : null}
          {opened ? (
            <p className="notice notice-ok" role="status">
              {t('opened')}
            </p>
          ) : null}
          <div className="row-actions">
            <button type="submit" className="button-primary" disabled={busy || opened}>
              {screen.mode === 'recover' ? t('recover.submit') : t('enter.submit')}
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
