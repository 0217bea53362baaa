import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { HOME_PATH, navigate } from '../router';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { useSession } from './session-context';

/** Locks the session from anywhere: leaving the desk should take one key press. */
export const LOCK_SHORTCUT = 'Ctrl+Shift+L';

function isLockShortcut(event: KeyboardEvent): boolean {
  return (
    (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l'
  );
}

/** The bottom of the sidebar: who is signed in, their account page, Lock and Sign out. */
export function SidebarAccount({ current }: { current: boolean }) {
  const { t } = useTranslation('security');
  const { user, apply } = useSession();
  const [failure, setFailure] = useState<unknown>(null);

  async function run(method: 'session.lock' | 'session.logout') {
    try {
      const status = await api.call(method, {});
      // The next person starts at the client list, not on the page the last one left open.
      if (method === 'session.logout') navigate(HOME_PATH, { force: true });
      apply(status);
    } catch (error) {
      setFailure(error);
    }
  }

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isLockShortcut(event)) return;
      event.preventDefault();
      api.call('session.lock', {}).then(apply, setFailure);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [apply]);

  return (
    <div className="sidebar-account">
      <div className="sidebar-person">
        <span className="sidebar-person-name">{user.displayName}</span>
        <span className="sidebar-person-role">{t(`role.${user.role}`)}</span>
      </div>
      <ul>
        <li>
          <Link to="/account" aria-current={current ? 'page' : undefined}>
            {t('account.nav')}
          </Link>
        </li>
      </ul>
      <div className="sidebar-account-actions">
        <button
          type="button"
          className="button-small"
          title={t('lock.shortcut', { keys: LOCK_SHORTCUT })}
          onClick={() => void run('session.lock')}
        >
          {t('lock.action')}
        </button>
        <button type="button" className="button-small" onClick={() => void run('session.logout')}>
          {t('signOut')}
        </button>
      </div>
      {failure ? (
        <ProblemText className="field-message field-message--error" problem={problemFromError(failure)} />
      ) : null}
    </div>
  );
}
