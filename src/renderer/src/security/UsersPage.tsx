import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/security';
import { api } from '../api';
import { formatTimestamp } from '../ui/dates';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { accountProblem } from './account-problems';
import { NewAccountForm } from './NewAccountForm';
import { useSession } from './session-context';
import { UserEditDialog } from './UserEditDialog';
import './security.css';

type Dialog = { kind: 'edit'; user: User } | { kind: 'disable'; user: User } | null;

/** `#/users` (admin): the office's staff accounts. Accounts are disabled, never deleted, so the audit trail keeps its names. */
export function UsersPage() {
  const { t } = useTranslation('security');
  const session = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  /** When the list was read: a lockout is shown as current against this time. */
  const [listedAt, setListedAt] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Problem | null>(null);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const myId = session.user.id;
  const { refresh: refreshSession } = session;

  const load = useCallback(() => {
    api.call('users.list', {}).then((list) => {
      setListedAt(Date.now());
      setUsers(list);
    }, setLoadError);
  }, []);
  useEffect(load, [load]);

  function saved(user: User, message: string) {
    setDialog(null);
    setFailure(null);
    setNotice({ key: message, values: { username: user.username } });
    load();
    // Changing your own account changes what the sidebar shows (name, role).
    if (user.id === myId) void refreshSession();
  }

  const switchAccount = useAction(
    async (user: User, disabled: boolean) =>
      saved(
        await api.call('users.update', { id: user.id, disabled }),
        disabled ? 'security:users.disabledDone' : 'security:users.enabledDone',
      ),
    {
      onFailure: (error) => {
        setDialog(null);
        setNotice(null);
        setFailure(accountProblem(error));
      },
    },
  );
  const busy = switchAccount.busy;

  async function clearLockout(user: User) {
    try {
      saved(await api.call('users.update', { id: user.id }), 'security:users.lockoutCleared');
    } catch (error) {
      setFailure(accountProblem(error));
    }
  }

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('users.title')}</h1>
      </header>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      {notice ? (
        <div className="banner banner-ok" role="status">
          {t(notice.key, notice.values)}
        </div>
      ) : null}
      {loadError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(loadError)} />
      ) : null}

      {users ? (
        <table className="data-table bordered-table">
          <caption className="list-caption">{t('users.count', { count: users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field.displayName')}</th>
              <th scope="col">{t('field.username')}</th>
              <th scope="col">{t('field.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isMe={user.id === myId}
                listedAt={listedAt}
                busy={busy}
                onEdit={() => setDialog({ kind: 'edit', user })}
                onDisable={() => setDialog({ kind: 'disable', user })}
                onEnable={() => void switchAccount.run(user, false)}
                onClearLockout={() => void clearLockout(user)}
              />
            ))}
          </tbody>
        </table>
      ) : loadError ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}

      <NewAccountForm onCreated={(user) => saved(user, 'security:users.createdDone')} />

      {dialog?.kind === 'edit' ? (
        <UserEditDialog
          user={dialog.user}
          onSaved={(user) => saved(user, 'security:users.savedDone')}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'disable' ? (
        <ConfirmDialog
          title={t('users.disableTitle', { username: dialog.user.username })}
          confirmLabel={t('users.disable')}
          danger
          busy={busy}
          onConfirm={() => void switchAccount.run(dialog.user, true)}
          onCancel={() => setDialog(null)}
        >
          <p>{t('users.disableBody', { name: dialog.user.displayName })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function UserRow({
  user,
  isMe,
  listedAt,
  busy,
  onEdit,
  onDisable,
  onEnable,
  onClearLockout,
}: {
  user: User;
  isMe: boolean;
  listedAt: number;
  busy: boolean;
  onEdit: () => void;
  onDisable: () => void;
  onEnable: () => void;
  onClearLockout: () => void;
}) {
  const { t } = useTranslation('security');
  const lockedOut = !user.disabled && user.lockedUntil !== null && Date.parse(user.lockedUntil) > listedAt;
  return (
    <tr className={user.disabled ? 'is-disabled' : undefined}>
      <td>
        {user.displayName}
        {isMe ? <span className="badge">{t('users.you')}</span> : null}
      </td>
      <td className="mono">{user.username}</td>
      <td>{t(`role.${user.role}`)}</td>
      <td>
        {user.disabled ? (
          <span className="badge">{t('users.state.disabled')}</span>
        ) : lockedOut && user.lockedUntil ? (
          <span className="badge badge-warning">
            {t('users.state.lockedUntil', { time: formatTimestamp(user.lockedUntil) })}
          </span>
        ) : (
          <span className="badge badge-ok">{t('users.state.active')}</span>
        )}
      </td>
      <td className="row-actions nowrap">
        {lockedOut ? (
          <button type="button" className="button-small" onClick={onClearLockout} disabled={busy}>
            {t('users.clearLockout')}
          </button>
        ) : null}
        <button
          type="button"
          className="button-small"
          onClick={onEdit}
          disabled={busy}
          aria-label={t('users.editLabel', { username: user.username })}
        >
          {t('users.edit')}
        </button>
        {user.disabled ? (
          <button
            type="button"
            className="button-small"
            onClick={onEnable}
            disabled={busy}
            aria-label={t('users.enableLabel', { username: user.username })}
          >
            {t('users.enable')}
          </button>
        ) : (
          <button
            type="button"
            className="button-small button-danger-quiet"
            onClick={onDisable}
            disabled={busy || isMe}
            aria-label={t('users.disableLabel', { username: user.username })}
          >
            {t('users.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}
