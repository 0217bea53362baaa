import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReferralOutcome, type FileOut, type Referral } from '../../../shared/casework';
import { api } from '../api';
import { ConsentRefusal, isMissingConsent } from '../consent';
import { Field, RequiredMark } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { formatDate } from './format';
import { caseworkProblem } from './problems';
import { withCity } from './PartnersPage';
import { SlipDialog } from './SlipDialog';
import { useLoad } from '../ui/useLoad';
import { EnumSelect } from '../ui/EnumSelect';

/**
 * Referring the client to a partner: reason and consent to share, the slip to print once consent
 * is recorded, then status and outcome as the partner reports back.
 */
export function ReferralsCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation('casework');
  const referrals = useLoad(() => api.call('referrals.list', { clientId }), clientId);
  const partners = useLoad(() => api.call('partners.list', {}), 'partners');
  // The consent register decides whether sharing with a partner is covered already (core rules).
  const consents = useLoad(() => api.call('consents.list', { clientId }), clientId);
  const office = useLoad(() => api.call('office.profile', {}), 'office');
  const [error, setError] = useState<unknown>(null);
  const [slip, setSlip] = useState<{ file: FileOut; code: string } | null>(null);
  // The referral whose slip the core refused for lack of consent (an admin may override).
  const [refused, setRefused] = useState<Referral | null>(null);
  const [form, setForm] = useState({
    // null until the person picks a city: the list starts on the office's own city.
    city: null as string | null,
    partnerId: '',
    reason: '',
    consent: false,
    how: '' as 'signed' | 'oral' | '',
  });
  const city = form.city ?? office.data?.city ?? '';

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      referrals.reload();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  async function openSlip(referral: Referral, override?: { reason: string }) {
    setError(null);
    try {
      const file = await api.call('referrals.slip', { id: referral.id, ...(override ? { override } : {}) });
      setRefused(null);
      setSlip({ file, code: referral.referenceCode });
      referrals.reload();
    } catch (failure) {
      if (!override && isMissingConsent(failure)) setRefused(referral);
      else if (override) throw failure;
      else setError(failure);
    }
  }

  const cityPartners = (partners.data?.items ?? []).filter((p) => !city || p.city === city);
  const heldConsent = form.partnerId
    ? (consents.data?.items ?? []).find(
        (c) => c.purpose === 'sharing' && c.status === 'active' && c.partner?.id === form.partnerId,
      )
    : undefined;
  // Sharing needs the client's consent: one on record for this partner, or given now (and how).
  const consentMissing = form.partnerId !== '' && !heldConsent && (!form.consent || form.how === '');

  return (
    <Card title={t('referrals.title')}>
      <details className="cw-more">
        <summary>{t('referrals.new')}</summary>
        <form
          className="cw-stack-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (consentMissing) return;
            const how = form.how;
            void run(() =>
              api.call('referrals.create', {
                clientId,
                partnerId: form.partnerId,
                reason: form.reason,
                consent: !heldConsent && form.consent && how !== '' ? { given: true, how } : null,
              }),
            ).then(
              (ok) => ok && setForm((f) => ({ ...f, partnerId: '', reason: '', consent: false, how: '' })),
            );
          }}
        >
          <div className="cw-inline-form">
            <Field label={t('referrals.city')}>
              {(control) => (
                <select
                  {...control}
                  value={city}
                  onChange={(e) => setForm({ ...form, city: e.target.value, partnerId: '' })}
                >
                  <option value="">{t('partners.allCities')}</option>
                  {withCity(partners.data?.cities ?? [], city).map((name) => (
                    <option key={name}>{name}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('referrals.partner')} className="cw-grow">
              {(control) => (
                <select
                  {...control}
                  value={form.partnerId}
                  onChange={(e) => setForm({ ...form, partnerId: e.target.value })}
                  required
                >
                  <option value="">{t('referrals.choosePartner')}</option>
                  {cityPartners.map((partner) => (
                    <option key={partner.id} value={partner.id}>
                      {partner.name} ({t(`partnerKind.${partner.kind}`)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={t('referrals.reason')}>
            {(control) => (
              <textarea
                {...control}
                rows={2}
                value={form.reason}
                maxLength={2000}
                required
                onChange={(e) => setForm({ ...form, reason: e.target.value })}
              />
            )}
          </Field>
          {heldConsent ? (
            <p className="notice notice-ok">
              {t('referrals.consentHeld', { date: formatDate(heldConsent.givenOn) })}
            </p>
          ) : (
            <div className="cw-inline-form">
              <label className="cw-check">
                <input
                  type="checkbox"
                  checked={form.consent}
                  required
                  onChange={(e) => setForm({ ...form, consent: e.target.checked })}
                />
                {t('referrals.consent')}
              </label>
              <RequiredMark />
              <Field label={t('referrals.consentHow')}>
                {(control) => (
                  <select
                    {...control}
                    value={form.how}
                    required
                    onChange={(e) => setForm({ ...form, how: e.target.value as 'signed' | 'oral' | '' })}
                    disabled={!form.consent}
                  >
                    <option value="">{t('referrals.chooseHow')}</option>
                    <option value="signed">{t('referrals.consentSigned')}</option>
                    <option value="oral">{t('referrals.consentOral')}</option>
                  </select>
                )}
              </Field>
            </div>
          )}
          {consentMissing ? (
            <p className="notice notice-warning" role="status">
              {t('referrals.consentNeeded')}
            </p>
          ) : null}
          <div className="cw-inline-form">
            <button type="submit" className="button-primary" disabled={consentMissing}>
              {t('referrals.create')}
            </button>
          </div>
        </form>
      </details>
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}
      {refused ? (
        <ConsentRefusal
          key={refused.id}
          onOverride={(reason) => openSlip(refused, { reason })}
          onClose={() => setRefused(null)}
        />
      ) : null}

      {referrals.data?.items.length === 0 ? <p className="muted">{t('referrals.none')}</p> : null}
      {referrals.data?.items.map((referral) => (
        <ReferralItem
          key={referral.id}
          referral={referral}
          run={run}
          onSlip={() => void openSlip(referral)}
        />
      ))}

      {slip ? (
        <SlipDialog
          file={slip.file}
          title={t('referrals.slipTitle', { code: slip.code })}
          onClose={() => setSlip(null)}
        />
      ) : null}
    </Card>
  );
}

function ReferralItem({
  referral,
  run,
  onSlip,
}: {
  referral: Referral;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  onSlip: () => void;
}) {
  const { t } = useTranslation('casework');
  const [outcome, setOutcome] = useState<ReferralOutcome | ''>('');
  const [note, setNote] = useState('');
  // "Record consent" first asks how the client gave it.
  const [asking, setAsking] = useState(false);
  const consent = referral.consent;

  return (
    <article className="cw-referral" aria-label={referral.referenceCode}>
      <header className="cw-procedure-head">
        <span className="mono">{referral.referenceCode}</span>
        <strong>{referral.partner.name}</strong>
        {referral.partner.isExample ? (
          <span className="badge badge-warning" title={t('referrals.exampleWarning')}>
            {t('partners.example')}
          </span>
        ) : null}
        <span className="badge">{t(`referralStatus.${referral.status}`)}</span>
        <span className="muted">{formatDate(referral.referredOn)}</span>
      </header>
      <p>{referral.reason}</p>
      <p className="muted">
        {consent.given && consent.recordedAt
          ? t('referrals.consentGiven', {
              how: consent.how === 'oral' ? t('referrals.consentOral') : t('referrals.consentSigned'),
              date: formatDate(consent.recordedAt.slice(0, 10)),
            })
          : t('referrals.noConsent')}
        {referral.outcome ? ` · ${t('referrals.outcome')}: ${t(`outcome.${referral.outcome}`)}` : ''}
        {referral.outcomeNote ? ` · ${referral.outcomeNote}` : ''}
      </p>
      <div className="cw-moves">
        <button type="button" className="button-small" onClick={onSlip}>
          {t('referrals.slip')}
        </button>
        {consent.given ? null : asking ? (
          <ConsentHowForm
            onCancel={() => setAsking(false)}
            onRecord={(how) =>
              run(() =>
                api.call('referrals.update', { id: referral.id, consent: { given: true, how } }),
              ).then((ok) => ok && setAsking(false))
            }
          />
        ) : (
          <>
            <span className="muted">{t('referrals.slipNeedsConsent')}</span>
            <button type="button" className="button-small" onClick={() => setAsking(true)}>
              {t('referrals.recordConsent')}
            </button>
          </>
        )}
        {referral.status === 'sent' ? (
          <button
            type="button"
            className="button-small"
            onClick={() =>
              void run(() => api.call('referrals.update', { id: referral.id, status: 'in_progress' }))
            }
          >
            {t('referrals.inProgress')}
          </button>
        ) : null}
        {referral.status !== 'closed' ? (
          <form
            className="cw-inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (outcome)
                void run(() => api.call('referrals.update', { id: referral.id, outcome, outcomeNote: note }));
            }}
          >
            <EnumSelect
              aria-label={t('referrals.outcome')}
              value={outcome}
              onChange={setOutcome}
              options={ReferralOutcome.options}
              empty={t('referrals.chooseOutcome')}
              label={(option) => t(`outcome.${option}`)}
            />
            <input
              aria-label={t('referrals.outcomeNote')}
              placeholder={t('referrals.outcomeNote')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="submit" className="button-small" disabled={!outcome}>
              {t('referrals.closeWith')}
            </button>
          </form>
        ) : null}
      </div>
    </article>
  );
}

/** How the client gave consent to share (signed statement or orally), asked before it is recorded. */
function ConsentHowForm({
  onRecord,
  onCancel,
}: {
  onRecord: (how: 'signed' | 'oral') => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation('casework');
  const [how, setHow] = useState<'signed' | 'oral' | ''>('');
  return (
    <form
      className="cw-inline-form"
      aria-label={t('referrals.recordConsent')}
      onSubmit={(event) => {
        event.preventDefault();
        if (how) void onRecord(how);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <Field label={t('referrals.consentHowQuestion')}>
        {(control) => (
          <select
            {...control}
            autoFocus
            required
            value={how}
            onChange={(e) => setHow(e.target.value as 'signed' | 'oral' | '')}
          >
            <option value="">{t('referrals.chooseHow')}</option>
            <option value="signed">{t('referrals.consentSigned')}</option>
            <option value="oral">{t('referrals.consentOral')}</option>
          </select>
        )}
      </Field>
      <button type="submit" className="button-small button-primary" disabled={!how}>
        {t('referrals.recordConsentSave')}
      </button>
      <button type="button" className="button-small" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
