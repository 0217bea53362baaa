import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCall } from '../../../shared/security';
import { api } from '../api';
import { AboutCard, UpdatesCard } from '../desktop';
import { FeeSettings } from '../packets';
import { SecuritySettingsCard, useSession } from '../security';
import { OfficeCard } from '../setup';
import { SyncPanel } from '../sync';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { useLoad } from '../ui/useLoad';
import { LanguageChoice } from './LanguageChoice';

/** How much of a section may still show under the table of contents before it counts as in view. */
const SLIVER_PX = 24;

/**
 * `#/settings`: the UI language (applies at once, remembered on this PC), the office profile (the
 * first-run wizard's answers), sync with the centre, updates (installed app), the idle lock, the
 * fee schedule and municipality codes (admins), where the data lives, and the versions. A long
 * page, so it has its own table of contents above it, kept in view: each entry brings its section into view
 * (the address's `#` is the app's route, so the entries are buttons, not anchors), and the entry
 * of the section in view is marked.
 */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  const { user } = useSession();
  const sections: { id: string; content: ReactNode }[] = [
    { id: 'language', content: <LanguageCard /> },
    { id: 'office', content: <OfficeCard /> },
    { id: 'sync', content: <SyncPanel /> },
    { id: 'updates', content: <UpdatesCard /> },
    { id: 'security', content: <SecuritySettingsCard /> },
    ...(mayCall(user.role, 'fees.save') ? [{ id: 'fees', content: <FeeSettings /> }] : []),
    {
      id: 'system',
      content: (
        <>
          <SystemCard />
          <AboutCard />
        </>
      ),
    },
  ];
  const [current, setCurrent] = useState('language');
  // A section picked in the contents stays marked until the person scrolls themselves (the last
  // sections cannot reach the top of the window, so the one above them is still in the band).
  const picked = useRef(false);
  const nav = useRef<HTMLElement>(null);

  useEffect(() => {
    // The section in view is the first one still showing below the table of contents, which
    // stays at the top and covers what scrolls under it. Counting from the window's top instead
    // marked the section above: its last pixels, hidden under the contents, still "showed".
    // A sliver of it (less than SLIVER_PX) does not count, so the one whose heading sits under
    // the contents is marked, as after a click (scroll-margin-top in styles.css).
    const mark = () => {
      if (picked.current || !nav.current) return;
      const line = nav.current.getBoundingClientRect().bottom + SLIVER_PX;
      const first = sections.find(
        (section) =>
          (document.getElementById(`settings-${section.id}`)?.getBoundingClientRect().bottom ?? 0) > line,
      );
      if (first) setCurrent(first.id);
    };
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(mark);
    };
    mark();
    // Capture: the page scrolls inside its own box (.page), whose scroll events do not bubble.
    document.addEventListener('scroll', onScroll, { capture: true, passive: true });
    window.addEventListener('resize', onScroll);
    // Cards that finish loading grow and move the ones below them without a scroll.
    const resized = new ResizeObserver(onScroll);
    if (nav.current?.parentElement) resized.observe(nav.current.parentElement);
    const release = () => {
      picked.current = false;
    };
    window.addEventListener('wheel', release, { passive: true });
    window.addEventListener('touchmove', release, { passive: true });
    window.addEventListener('keydown', release);
    return () => {
      cancelAnimationFrame(frame);
      resized.disconnect();
      document.removeEventListener('scroll', onScroll, { capture: true });
      window.removeEventListener('resize', onScroll);
      window.removeEventListener('wheel', release);
      window.removeEventListener('touchmove', release);
      window.removeEventListener('keydown', release);
    };
    // The sections change only with the role.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user.role]);

  const show = (id: string) => {
    picked.current = true;
    const element = document.getElementById(`settings-${id}`);
    element?.scrollIntoView({ block: 'start' });
    element?.focus({ preventScroll: true });
    setCurrent(id);
  };

  return (
    <div className="page-body settings-page">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <div className="settings-layout">
        <nav ref={nav} className="settings-nav" aria-label={t('sections.label')}>
          <ul>
            {sections.map((section) => (
              <li key={section.id}>
                <button
                  type="button"
                  aria-current={section.id === current ? 'location' : undefined}
                  onClick={() => show(section.id)}
                >
                  {t(`sections.${section.id}`)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-sections">
          {sections.map((section) => (
            <div key={section.id} id={`settings-${section.id}`} className="settings-section" tabIndex={-1}>
              {section.content}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function LanguageCard() {
  const { t } = useTranslation('settings');
  return (
    <section className="card">
      <h2 id="language-heading">{t('language.heading')}</h2>
      <LanguageChoice labelledBy="language-heading" name="ui-language" />
      <p className="muted">{t('language.hint')}</p>
    </section>
  );
}

function SystemCard() {
  const { t } = useTranslation('settings');
  const { data: info, error } = useLoad(() => api.call('system.info', {}), 'system', { live: false });

  return (
    <section className="card">
      <h2>{t('system.heading')}</h2>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      {info ? (
        <dl className="details">
          <dt>{t('system.appVersion')}</dt>
          <dd>{info.appVersion}</dd>
          <dt>{t('system.schemaVersion')}</dt>
          <dd>{info.schemaVersion}</dd>
          <dt>{t('system.dataDir')}</dt>
          <dd className="mono break">{info.dataDir}</dd>
          <dt>{t('system.databaseFile')}</dt>
          <dd className="mono break">{info.databaseFile}</dd>
          <dt>{t('system.clientCount')}</dt>
          <dd>{t('common:clientCount', { count: info.clientCount })}</dd>
        </dl>
      ) : error ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
    </section>
  );
}
