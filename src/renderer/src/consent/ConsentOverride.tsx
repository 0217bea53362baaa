import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../security';
import { ProblemText } from '../ui/ProblemText';
import { consentProblem } from './problems';

/**
 * Shown when the core refused a referral slip for lack of consent: what to do, and for an office
 * admin a way to print anyway with a reason (the core checks the role again and audits the reason).
 */
export function ConsentRefusal({
  onOverride,
  onClose,
}: {
  onOverride: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('consent');
  const { user } = useSession();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  return (
    <div className="banner banner-error" role="group" aria-label={t('refusal.title')}>
      <p>{t('refusal.message')}</p>
      {user.role === 'admin' ? (
        <form
          className="cw-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            setError(null);
            onOverride(reason.trim()).catch(setError);
          }}
        >
          <label className="cw-grow">
            {t('refusal.reason')}
            <input
              value={reason}
              minLength={5}
              maxLength={500}
              required
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button type="submit" className="button-small" disabled={reason.trim().length < 5}>
            {t('refusal.override')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('refusal.askAdmin')}</p>
      )}
      {error ? <ProblemText problem={consentProblem(error, t)} /> : null}
      <button type="button" className="button-small" onClick={onClose}>
        {t('refusal.dismiss')}
      </button>
    </div>
  );
}
