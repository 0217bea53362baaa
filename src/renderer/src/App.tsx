import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CoreRestartNotice } from './desktop';
import { routes, type Route } from './routes';
import { findRoute } from './paths';
import { useHashPath } from './router';
import { NotAllowedPage, roleMayOpen, SessionGate, SidebarAccount, useSession } from './security';
import { shortcutProps, useGlobalShortcuts } from './shortcuts';
import { useDialogKeyboard } from './ui/dialog-keys';
import { Link } from './ui/Link';
import { useValidationMessages } from './ui/validation';

/** The window: first-run setup or sign-in until someone is signed in (SessionGate), then the shell. */
export function App() {
  const { t, i18n } = useTranslation();
  useDialogKeyboard();
  useValidationMessages();

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('common:appName');
  }, [i18n.language, t]);

  return (
    <>
      <CoreRestartNotice />
      <SessionGate>
        <Shell />
      </SessionGate>
    </>
  );
}

/** A slim sidebar of the routes marked `nav` that the person's role may open, and the page the hash names. */
function Shell() {
  const { t } = useTranslation();
  const { user } = useSession();
  const path = useHashPath();
  useGlobalShortcuts();

  const matched = findRoute(routes, path);
  const section = matched ? (matched.route.section ?? matched.route.path) : null;
  const offered = routes.filter((route) => route.nav && roleMayOpen(route.needs, user.role));
  // a `ns:key` label names its own namespace (casework pages); a bare key is in common
  const label = (route: Route) => t(route.nav!.includes(':') ? route.nav! : `common:${route.nav}`);
  const navItem = (route: Route) => (
    <li key={route.path}>
      <Link
        to={route.path}
        aria-current={route.path === section ? 'page' : undefined}
        {...shortcutProps(route.shortcut, label(route))}
      >
        {label(route)}
      </Link>
    </li>
  );
  const adminItems = offered.filter((route) => route.group === 'admin');

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('common:nav.label')}>
        <div className="brand">{t('common:appName')}</div>
        <ul>{offered.filter((route) => route.group !== 'admin').map(navItem)}</ul>
        {adminItems.length > 0 ? (
          <>
            <h2 className="sidebar-group-heading">{t('common:nav.administration')}</h2>
            <ul>{adminItems.map(navItem)}</ul>
          </>
        ) : null}
        <SidebarAccount current={section === '/account'} />
        <div className="sidebar-hint">{t('common:shortcutHint')}</div>
      </nav>
      <main className="page">
        {matched && !roleMayOpen(matched.route.needs, user.role) ? (
          <NotAllowedPage />
        ) : matched ? (
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
