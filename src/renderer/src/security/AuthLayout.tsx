import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';
import { switchLanguage } from '../settings/language';
import './security.css';

/**
 * The frame of the screens before the app (first-run setup, sign-in, the recovery key): the
 * product name, one card, and the language choice, since Settings is not reachable yet (unless
 * the screen offers the languages itself: `languageBar={false}`).
 */
export function AuthLayout({
  children,
  wide,
  languageBar = true,
}: {
  children: ReactNode;
  wide?: boolean;
  languageBar?: boolean;
}) {
  const { t, i18n } = useTranslation('security');
  return (
    <div className="auth-screen">
      <main className={wide ? 'auth-card auth-card--wide' : 'auth-card'}>
        <div className="brand auth-brand">{t('common:appName')}</div>
        {children}
      </main>
      {languageBar ? (
        <nav className="auth-languages no-print" aria-label={t('auth.languages')}>
          {LANGUAGES.map((language) => (
            <button
              key={language}
              type="button"
              className="button-quiet button-small"
              lang={language}
              aria-pressed={i18n.language === language}
              onClick={() => switchLanguage(i18n, language)}
            >
              {t(`settings:language.name.${language}`, { lng: language })}
            </button>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
