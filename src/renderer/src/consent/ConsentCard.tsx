import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileOut } from '../../../shared/casework';
import {
  ConsentMethod,
  ConsentPurpose,
  type ConsentRecord,
  type ConsentStatus,
} from '../../../shared/consent';
import { api } from '../api';
import { Card } from '../casework/Card';
import { formatDate, todayIso } from '../casework/format';
import { SlipDialog } from '../casework/SlipDialog';
import { useLoad } from '../ui/useLoad';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { EnumSelect } from '../ui/EnumSelect';
import { consentProblem } from './problems';

const STATUS_BADGE: Record<ConsentStatus, string> = {
  active: 'badge badge-ok',
  withdrawn: 'badge badge-danger',
  expired: 'badge badge-warning',
};

/**
 * The client's consents (ZZPL): processing by the office and sharing with named partners, each
 * with its status today; recording a new one, withdrawing one, and printing the form to sign.
 */
export function ConsentCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation('consent');
  const consents = useLoad(() => api.call('consents.list', { clientId }), clientId);
  const partners = useLoad(() => api.call('partners.list', {}), 'partners');
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<{ file: FileOut; title: string } | null>(null);
  const [draft, setDraft] = useState({
    purpose: 'processing' as ConsentPurpose,
    partnerId: '',
    givenOn: todayIso(),
    method: 'signed' as ConsentMethod,
    expiresOn: '',
  });

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setError(null);
    try {
      await action();
      consents.reload();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  async function printForm(purpose: ConsentPurpose, partnerId: string | null) {
    setError(null);
    try {
      const file = await api.call('consents.form', { clientId, purpose, partnerId });
      setForm({ file, title: t(`form.title.${purpose}`) });
    } catch (failure) {
      setError(failure);
    }
  }

  const items = consents.data?.items ?? [];
  const sharing = draft.purpose === 'sharing';

  return (
    <Card
      title={t('title')}
      actions={
        <span className="muted">
          {t('activeCount', { count: items.filter((c) => c.status === 'active').length })}
        </span>
      }
    >
      {items.length === 0 && consents.data ? <p className="muted">{t('none')}</p> : null}
      <ul className="cw-list" aria-label={t('title')}>
        {items.map((consent) => (
          <ConsentItem key={consent.id} consent={consent} run={run} onPrint={printForm} />
        ))}
      </ul>

      <details className="cw-more">
        <summary>{t('record')}</summary>
        <form
          className="cw-stack-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() =>
              api.call('consents.record', {
                clientId,
                purpose: draft.purpose,
                partnerId: sharing ? draft.partnerId : null,
                givenOn: draft.givenOn,
                method: draft.method,
                expiresOn: draft.expiresOn || null,
              }),
            ).then((ok) => ok && setDraft((d) => ({ ...d, expiresOn: '' })));
          }}
        >
          <div className="cw-inline-form">
            <Field label={t('purposeLabel')}>
              {(control) => (
                <EnumSelect
                  {...control}
                  value={draft.purpose}
                  onChange={(value) => setDraft({ ...draft, purpose: value })}
                  options={ConsentPurpose.options}
                  label={(purpose) => t(`purpose.${purpose}`)}
                />
              )}
            </Field>
            {sharing ? (
              <Field label={t('partner')} className="cw-grow">
                {(control) => (
                  <select
                    {...control}
                    value={draft.partnerId}
                    required
                    onChange={(e) => setDraft({ ...draft, partnerId: e.target.value })}
                  >
                    <option value="">{t('choosePartner')}</option>
                    {partners.data?.items.map((partner) => (
                      <option key={partner.id} value={partner.id}>
                        {partner.name}, {partner.city}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
          </div>
          <div className="cw-inline-form">
            <Field label={t('givenOn')}>
              {(control) => (
                <DateInput
                  {...control}
                  required
                  max={todayIso()}
                  value={draft.givenOn}
                  onChange={(givenOn) => setDraft({ ...draft, givenOn })}
                />
              )}
            </Field>
            <Field label={t('methodLabel')}>
              {(control) => (
                <EnumSelect
                  {...control}
                  value={draft.method}
                  onChange={(value) => setDraft({ ...draft, method: value })}
                  options={ConsentMethod.options}
                  label={(method) => t(`method.${method}`)}
                />
              )}
            </Field>
            <Field label={t('expiresOn')} hint={t('expiresHint')}>
              {(control) => (
                <DateInput
                  {...control}
                  min={draft.givenOn}
                  value={draft.expiresOn}
                  onChange={(expiresOn) => setDraft({ ...draft, expiresOn })}
                />
              )}
            </Field>
          </div>
          <div className="cw-inline-form">
            <button type="submit" className="button-primary">
              {t('save')}
            </button>
            <button
              type="button"
              disabled={sharing && !draft.partnerId}
              onClick={() => void printForm(draft.purpose, sharing ? draft.partnerId : null)}
            >
              {t('printForm')}
            </button>
          </div>
        </form>
      </details>

      {error ? <ProblemText className="banner banner-error" problem={consentProblem(error, t)} /> : null}
      {form ? <SlipDialog file={form.file} title={form.title} onClose={() => setForm(null)} /> : null}
    </Card>
  );
}

function ConsentItem({
  consent,
  run,
  onPrint,
}: {
  consent: ConsentRecord;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  onPrint: (purpose: ConsentPurpose, partnerId: string | null) => Promise<void>;
}) {
  const { t } = useTranslation('consent');
  const [withdrawing, setWithdrawing] = useState(false);
  const [note, setNote] = useState('');
  const what = consent.partner
    ? t('sharingWith', { partner: `${consent.partner.name}, ${consent.partner.city}` })
    : t('purpose.processing');

  return (
    <li className="cw-referral" aria-label={what}>
      <header className="cw-procedure-head">
        <strong>{what}</strong>
        <span className={STATUS_BADGE[consent.status]}>{t(`status.${consent.status}`)}</span>
      </header>
      <p className="muted">
        {t('given', { date: formatDate(consent.givenOn), method: t(`method.${consent.method}`) })}
        {consent.expiresOn ? ` · ${t('expires', { date: formatDate(consent.expiresOn) })}` : ''}
        {consent.withdrawnOn ? ` · ${t('withdrawn', { date: formatDate(consent.withdrawnOn) })}` : ''}
        {consent.withdrawnNote ? ` · ${consent.withdrawnNote}` : ''}
        {` · ${t('recordedBy', { name: consent.recordedBy })}`}
      </p>
      <div className="cw-moves">
        <button
          type="button"
          className="button-small"
          onClick={() => void onPrint(consent.purpose, consent.partner?.id ?? null)}
        >
          {t('printForm')}
        </button>
        {consent.withdrawnOn === null && !withdrawing ? (
          <button type="button" className="button-small" onClick={() => setWithdrawing(true)}>
            {t('withdraw')}
          </button>
        ) : null}
        {withdrawing ? (
          <form
            className="cw-inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() =>
                api.call('consents.withdraw', { id: consent.id, note: note.trim() || null }),
              ).then((ok) => ok && setWithdrawing(false));
            }}
          >
            <input
              aria-label={t('withdrawNote')}
              placeholder={t('withdrawNote')}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="submit" className="button-small">
              {t('confirmWithdraw')}
            </button>
            <button type="button" className="button-small" onClick={() => setWithdrawing(false)}>
              {t('cancel')}
            </button>
          </form>
        ) : null}
      </div>
    </li>
  );
}
