import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktop } from '../desktop-bridge';

/**
 * Says so when the core process stopped and main started it again. Nothing on the page is lost:
 * the window was not reloaded, so a form keeps what was typed; a save that was under way failed
 * with a message of its own and can simply be pressed again.
 */
export function CoreRestartNotice() {
  const { t } = useTranslation('desktop');
  const [lostCalls, setLostCalls] = useState<number | null>(null);

  useEffect(
    () =>
      desktop?.onEvent((event) => {
        if (event.type === 'core-restarted') setLostCalls(event.lostCalls);
      }),
    [],
  );

  if (lostCalls === null) return null;
  return (
    <div className="core-restart banner banner-error" role="alert">
      <p>
        <strong>{t('coreRestarted.title')}</strong> {t('coreRestarted.body')}
        {lostCalls > 0 ? ` ${t('coreRestarted.retry', { count: lostCalls })}` : ''}
      </p>
      <button type="button" className="button-small" onClick={() => setLostCalls(null)}>
        {t('coreRestarted.dismiss')}
      </button>
    </div>
  );
}
