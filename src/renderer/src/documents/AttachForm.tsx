import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentKind, MAX_DOCUMENT_BYTES } from '../../../shared/contract/documents';
import { api } from '../api';
import { todayIso } from '../ui/dates';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { documentProblem, formatSize, readAsBase64 } from './files';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** Choosing a file and saying what it is: kind, date, note, and the procedure it belongs to. */
export function AttachForm({
  clientId,
  procedures,
  referrals,
  onAttached,
  onCancel,
}: {
  clientId: string;
  procedures: { id: string; label: string }[];
  referrals: { id: string; label: string }[];
  onAttached: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('documents');
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<AttachmentKind>('other');
  const [date, setDate] = useState(todayIso());
  const [note, setNote] = useState('');
  const [procedureId, setProcedureId] = useState('');
  const [referralId, setReferralId] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!file) {
      setProblem({ key: 'documents:attach.chooseFile' });
      return;
    }
    // Said at once for a file far too large; the core checks the real content again.
    if (file.size > MAX_DOCUMENT_BYTES) {
      setProblem({ key: 'documents:refused.too_large' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.call('documents.attach', {
        clientId,
        kind,
        date: date || null,
        note: note || null,
        procedureId: procedureId || null,
        referralId: referralId || null,
        fileName: file.name,
        contentBase64: await readAsBase64(file),
      });
      onAttached();
    } catch (failure) {
      setProblem(documentProblem(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="doc-attach"
      aria-label={t('attach.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field
        label={t('attach.file')}
        hint={file ? `${file.name} · ${formatSize(file.size)}` : t('attach.fileHint')}
      >
        {(props) => (
          <input
            {...props}
            ref={input}
            type="file"
            accept={ACCEPT}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      <div className="doc-attach-row">
        <Field label={t('attach.kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => setKind(event.target.value as AttachmentKind)}
            >
              {AttachmentKind.options.map((option) => (
                <option key={option} value={option}>
                  {t(`kind.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('attach.date')}>
          {(props) => <DateInput {...props} value={date} onChange={setDate} />}
        </Field>
        {procedures.length > 0 ? (
          <Field label={t('attach.procedure')}>
            {(props) => (
              <select {...props} value={procedureId} onChange={(event) => setProcedureId(event.target.value)}>
                <option value="">{t('attach.noProcedure')}</option>
                {procedures.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {referrals.length > 0 ? (
          <Field label={t('attach.referral')}>
            {(props) => (
              <select {...props} value={referralId} onChange={(event) => setReferralId(event.target.value)}>
                <option value="">{t('attach.noProcedure')}</option>
                {referrals.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <Field label={t('attach.note')}>
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('attach.saving') : t('attach.save')}
        </button>
      </div>
    </form>
  );
}
