import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { base64Bytes, downloadBytes } from '../ui/download';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';

/** A file's bytes as base64, in slices (a long argument list would overflow the stack). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Settings → Sync for an office with no link (README "Sync over a bad line, or none"): save this
 * PC's unsent changes to a file for the centre, and load the answer file it sends back.
 */
export function SyncByFile({ disabled, onDone }: { disabled: boolean; onDone: () => void }) {
  const { t } = useTranslation('sync');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'save' | 'load' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function save() {
    setBusy('save');
    setError(null);
    setMessage(null);
    try {
      const saved = await api.call('sync.saveChanges', {});
      downloadBytes(saved.fileName, base64Bytes(saved.contentBase64), 'application/octet-stream');
      setMessage(t('file.saved', { count: saved.changes, fileName: saved.fileName }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  async function load(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy('load');
    setError(null);
    setMessage(null);
    try {
      const applied = await api.call('sync.loadAnswer', { contentBase64: await fileBase64(file) });
      setMessage(
        t('file.loaded', { pushed: applied.pushed, pulled: applied.pulled, refused: applied.refused }),
      );
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="sync-by-file">
      <h3>{t('file.heading')}</h3>
      <p className="muted">{t('file.hint')}</p>
      <div className="form-actions">
        <button type="button" onClick={() => void save()} disabled={disabled || busy !== null}>
          {busy === 'save' ? t('file.saving') : t('file.save')}
        </button>
        <button type="button" onClick={() => input.current?.click()} disabled={disabled || busy !== null}>
          {busy === 'load' ? t('file.loading') : t('file.load')}
        </button>
        <input
          ref={input}
          type="file"
          accept=".mscsync,application/octet-stream"
          hidden
          aria-label={t('file.load')}
          onChange={(event) => void load(event)}
        />
      </div>
      <span role="status" aria-live="polite">
        {message ? <span className="banner banner-ok">{message}</span> : null}
      </span>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
    </div>
  );
}
