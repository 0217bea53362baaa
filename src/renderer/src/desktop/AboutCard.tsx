import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AboutInfo } from '../../../shared/contract/system';
import type { DesktopAbout } from '../../../shared/desktop';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useLoad } from '../ui/useLoad';
import { desktop, desktopRequest } from '../desktop-bridge';

/**
 * Settings → Versions, beside "About this installation" (app and schema versions, folders): the
 * packet templates a support call asks about, and in the installed app Electron's versions and
 * the logs folder (with a button that opens it).
 */
export function AboutCard() {
  const { t } = useTranslation('desktop');
  const loaded = useLoad<AboutInfo | DesktopAbout>(
    () => (desktop ? desktopRequest({ action: 'about' }) : api.call('system.about', {})),
    'about',
    { live: false },
  );
  const about = loaded.data;
  /** Opening the logs folder failed (shown instead of a failed load: the later one). */
  const [logsProblem, setLogsProblem] = useState<Problem | null>(null);
  const problem = logsProblem ?? (loaded.error ? problemFromError(loaded.error) : null);

  const openLogs = () =>
    desktopRequest({ action: 'logs.open' }).catch((error: unknown) =>
      setLogsProblem(problemFromError(error)),
    );

  return (
    <section className="card" aria-labelledby="about-heading">
      <h2 id="about-heading">{t('about.heading')}</h2>
      {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
      {about ? (
        <dl className="details">
          {'electron' in about ? (
            <>
              <dt>{t('about.runtime')}</dt>
              <dd>
                Electron {about.electron} · Chromium {about.chromium} · Node.js {about.node}
              </dd>
            </>
          ) : null}
          <dt>{t('about.templates')}</dt>
          <dd>
            <ul className="plain-list mono">
              {about.templates.map((template) => (
                <li key={template.id}>
                  {template.id} v{template.version}
                </li>
              ))}
            </ul>
          </dd>
          {'logsFolder' in about ? (
            <>
              <dt>{t('about.logs')}</dt>
              <dd>
                <span className="mono break">{about.logsFolder}</span>{' '}
                <button type="button" className="button-small" onClick={() => void openLogs()}>
                  {t('about.openLogs')}
                </button>
              </dd>
            </>
          ) : null}
        </dl>
      ) : problem ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
    </section>
  );
}
