import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/sync';
import { api } from '../api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';

/**
 * On a client's profile: hand the client and everything recorded about them to another office
 * (the family moved). Needs the link: the offices come from the server, and the move is made
 * there, recorded with its reason. Afterwards the record leaves this office's lists.
 */
export function TransferClient({
  clientId,
  clientName,
  onTransferred,
}: {
  clientId: string;
  clientName: string;
  onTransferred?: () => void;
}) {
  const { t } = useTranslation('sync');
  const [open, setOpen] = useState(false);
  const [offices, setOffices] = useState<Office[] | null>(null);
  const [officeId, setOfficeId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!open || offices) return;
    let current = true;
    Promise.all([api.call('sync.offices', {}), api.call('sync.status', {})]).then(
      ([list, status]) => current && setOffices(list.offices.filter((o) => o.id !== status.officeId)),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [open, offices]);

  function ask(event: FormEvent) {
    event.preventDefault();
    setConfirming(true);
  }

  async function transfer() {
    setBusy(true);
    setError(null);
    try {
      const moved = await api.call('sync.transfer', { clientId, toOfficeId: officeId, reason });
      setDone(moved.toOfficeName);
      setConfirming(false);
      onTransferred?.();
    } catch (failure) {
      setError(failure);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p className="banner banner-ok" role="status">
        {t('transfer.done', { name: clientName, office: done })}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('transfer.open')}
      </button>
    );
  }
  const target = offices?.find((o) => o.id === officeId);
  return (
    <section className="card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('transfer.heading')}</h2>
      <p className="muted">{t('transfer.hint')}</p>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <form onSubmit={ask}>
        <Field label={t('transfer.office')}>
          {(control) => (
            <select
              {...control}
              required
              value={officeId}
              onChange={(event) => setOfficeId(event.target.value)}
              disabled={!offices}
            >
              <option value="">{offices ? t('transfer.choose') : t('common:loading')}</option>
              {offices?.map((office) => (
                <option key={office.id} value={office.id}>
                  {office.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('transfer.reason')} hint={t('transfer.reasonHint')}>
          {(control) => (
            <textarea
              {...control}
              required
              maxLength={500}
              rows={2}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button
            type="submit"
            className="button-primary"
            disabled={!officeId || reason.trim() === '' || busy}
          >
            {t('transfer.submit')}
          </button>
          <button type="button" onClick={() => setOpen(false)} disabled={busy}>
            {t('common:action.cancel')}
          </button>
        </div>
      </form>
      {confirming && target ? (
        <ConfirmDialog
          title={t('transfer.confirmTitle')}
          confirmLabel={t('transfer.confirm')}
          busy={busy}
          onConfirm={() => void transfer()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('transfer.confirmBody', { name: clientName, office: target.name })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
