import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { api } from '../api';
import { AboutCard, UpdatesCard } from '../desktop';
import { FeeSettings } from '../packets';
import { SecuritySettingsCard, useSession } from '../security';
import { OfficeCard } from '../setup';
import { SyncPanel } from '../sync';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { LanguageChoice } from './LanguageChoice';

/**
 * `#/settings`: the UI language (applies at once, remembered on this PC), the office profile (the
 * first-run wizard's answers), sync with the centre, updates (installed app), the idle lock, the
 * fee schedule and municipality codes (admins), where the data lives, and the versions.
 */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  const { user } = useSession();
  return (
    <div className="page-body page-body--narrow">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <LanguageCard />
      <OfficeCard />
      <SyncPanel />
      <UpdatesCard />
      <SecuritySettingsCard />
      {user.role === 'admin' ? <FeeSettings /> : null}
      <SystemCard />
      <AboutCard />
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
  const [info, setInfo] = useState<CallOutput<'system.info'> | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api.call('system.info', {}).then(
      (loaded) => current && setInfo(loaded),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, []);

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
