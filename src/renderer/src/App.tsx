import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { routes } from './routes';
import { findRoute } from './paths';
import { useHashPath } from './router';
import { useGlobalShortcuts } from './shortcuts';
import { Link } from './ui/Link';

/** The window: a slim sidebar of the routes marked `nav`, and the page the hash names. */
export function App() {
  const { t, i18n } = useTranslation();
  const path = useHashPath();
  useGlobalShortcuts();

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('common:appName');
  }, [i18n.language, t]);

  const matched = findRoute(routes, path);
  const section = matched ? (matched.route.section ?? matched.route.path) : null;

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('common:nav.label')}>
        <div className="brand">{t('common:appName')}</div>
        <ul>
          {routes
            .filter((route) => route.nav)
            .map((route) => (
              <li key={route.path}>
                <Link to={route.path} aria-current={route.path === section ? 'page' : undefined}>
                  {t(`common:${route.nav}`)}
                </Link>
              </li>
            ))}
        </ul>
        <div className="sidebar-hint">{t('common:shortcutHint')}</div>
      </nav>
      <main className="page">
        {matched ? (
          matched.route.render(matched.params)
        ) : (
          <div className="page-body">
            <h1>{t('common:notFound.title')}</h1>
            <p>
              <Link to="/clients">{t('common:notFound.back')}</Link>
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
