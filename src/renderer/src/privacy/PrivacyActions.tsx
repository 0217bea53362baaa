import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/client';
import { foldForSearch } from '../../../shared/script';
import { mayCall } from '../../../shared/security';
import { formatDate } from '../ui/dates';
import { useSession } from '../security';
import type { MenuAction } from '../ui/ActionMenu';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { base64Bytes, downloadBytes } from '../ui/download';
import { useAction } from '../ui/useAction';
import { casesIn } from './files';
import { api } from '../api';
import { privacyProblem } from './problems';

interface PrivacyActionsProps {
  client: Client;
  /** After an erasure the record is gone: the profile usually goes back to the list. */
  onErased?: (erasedAt: string) => void;
}

/**
 * A person's data rights on their profile: export everything held about them (JSON for machines,
 * a PDF they can read) and, for an office admin, erase them for good. The core checks the role
 * again; hiding the action only spares counsellors a refusal. Gives the actions for the profile's
 * "More" menu and what they show (the outcome, the erase dialog) for the page to place.
 */
export function usePrivacyActions({ client, onErased }: PrivacyActionsProps): {
  actions: MenuAction[];
  output: ReactNode;
} {
  const { t } = useTranslation('privacy');
  const { user } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [erasing, setErasing] = useState(false);

  const exportAll = useAction(
    async () => {
      setFailure(null);
      setNotice(null);
      const result = await api.call('clients.exportAll', { id: client.id });
      downloadBytes(`${result.fileName}.json`, result.json, 'application/json;charset=utf-8');
      downloadBytes(`${result.fileName}.pdf`, base64Bytes(result.pdfBase64), 'application/pdf');
      setNotice(t('export.done', { count: casesIn(result.json) }));
    },
    { onFailure: (error) => setFailure(privacyProblem(error)) },
  );
  const exporting = exportAll.busy;

  const actions: MenuAction[] = [
    {
      label: exporting ? t('export.busy') : t('export.button'),
      onSelect: () => void exportAll.run(),
      disabled: exporting,
    },
    ...(mayCall(user.role, 'clients.erase')
      ? [{ label: t('erase.button'), onSelect: () => setErasing(true), danger: true }]
      : []),
  ];

  const output = (
    <>
      {notice ? (
        <div className="banner" role="status">
          {notice}
        </div>
      ) : null}
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      {erasing ? (
        <EraseDialog
          client={client}
          onCancel={() => setErasing(false)}
          onErased={(erasedAt) => {
            setErasing(false);
            setNotice(t('erase.done', { date: formatDate(erasedAt.slice(0, 10)) }));
            onErased?.(erasedAt);
          }}
        />
      ) : null}
    </>
  );
  return { actions, output };
}

/** Asks for the reason and for the surname typed out, so nobody erases the wrong person by a slip. */
function EraseDialog({
  client,
  onCancel,
  onErased,
}: {
  client: Client;
  onCancel: () => void;
  onErased: (erasedAt: string) => void;
}) {
  const { t } = useTranslation('privacy');
  const [reason, setReason] = useState('');
  const [surname, setSurname] = useState('');
  const [problems, setProblems] = useState<{ reason?: Problem; surname?: Problem }>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const eraseNow = useAction(
    async (reasonGiven: string) =>
      onErased((await api.call('clients.erase', { id: client.id, reason: reasonGiven })).erasedAt),
    {
      // Erased: the dialog closes.
      holdAfterSuccess: true,
      onFailure: (error) => setFailure(privacyProblem(error)),
    },
  );
  const busy = eraseNow.busy;

  function erase() {
    const found: typeof problems = {};
    if (reason.trim().length < 3) found.reason = { key: 'privacy:erase.reasonNeeded' };
    // Either script counts: the surname may have been typed in Latin and read in Cyrillic.
    if (foldForSearch(surname) === '' || foldForSearch(surname) !== foldForSearch(client.surname))
      found.surname = { key: 'privacy:erase.surnameMismatch' };
    setProblems(found);
    if (found.reason || found.surname) return;
    setFailure(null);
    void eraseNow.run(reason.trim());
  }

  return (
    <ConfirmDialog
      title={t('erase.title')}
      confirmLabel={busy ? t('erase.busy') : t('erase.confirm')}
      danger
      busy={busy}
      onConfirm={() => erase()}
      onCancel={onCancel}
    >
      <p>{t('erase.intro', { name: `${client.givenName} ${client.surname}` })}</p>
      <p>
        <strong>{t('erase.irreversible')}</strong>
      </p>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <div className="dialog-fields">
        <Field label={t('erase.reason')} hint={t('erase.reasonHint')} problem={problems.reason}>
          {(control) => (
            <textarea
              {...control}
              value={reason}
              rows={3}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('erase.typeSurname', { surname: client.surname })} problem={problems.surname}>
          {(control) => (
            <input
              {...control}
              value={surname}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setSurname(event.target.value)}
            />
          )}
        </Field>
      </div>
    </ConfirmDialog>
  );
}
