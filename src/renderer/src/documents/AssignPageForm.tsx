import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSummary } from '../../../shared/client';
import { AttachmentKind } from '../../../shared/contract/documents';
import { api } from '../api';
import { useClientSearch } from '../clients/useClientSearch';
import { formatDate } from '../ui/dates';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { documentProblem } from './files';

/**
 * Assigning one inbox page by hand: a person finds the client (by name, JMBG or phone), says
 * what the page is, and keeps it there. Nothing is chosen for them — no client is preselected.
 */
export function AssignPageForm({
  pageId,
  onAssigned,
  onCancel,
}: {
  pageId: string;
  onAssigned: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('scans');
  const [query, setQuery] = useState('');
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [kind, setKind] = useState<AttachmentKind>('signed_form');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useClientSearch(query);
  const found = query.trim() ? search.items.slice(0, 6) : [];

  async function submit() {
    if (!client) {
      setProblem({ key: 'scans:assign.chooseClient' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.call('scans.assign', { id: pageId, clientId: client.id, kind, note: note || null });
      onAssigned();
    } catch (failure) {
      setProblem(documentProblem(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="scan-assign"
      aria-label={t('assign.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {client ? (
        <p className="scan-assign-chosen">
          <span>
            {t('assign.to')} <strong>{`${client.surname} ${client.givenName}`}</strong>
            {client.birthDate ? ` · ${formatDate(client.birthDate)}` : ''}
          </span>
          <button type="button" onClick={() => setClient(null)}>
            {t('assign.otherClient')}
          </button>
        </p>
      ) : (
        <>
          <Field label={t('assign.client')} hint={t('assign.clientHint')}>
            {(props) => (
              <input
                {...props}
                type="search"
                value={query}
                autoFocus
                onChange={(event) => setQuery(event.target.value)}
              />
            )}
          </Field>
          {found.length > 0 ? (
            <ul className="scan-assign-found" aria-label={t('assign.found')}>
              {found.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    onClick={() => {
                      setClient(item);
                      setProblem(null);
                    }}
                  >
                    <strong>{`${item.surname} ${item.givenName}`}</strong>
                    <span className="muted">
                      {[item.birthDate ? formatDate(item.birthDate) : null, item.jmbg, item.place]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : query.trim() && !search.loading && search.answered !== null ? (
            <p className="muted">{t('assign.noneFound')}</p>
          ) : null}
        </>
      )}
      <div className="doc-attach-row">
        <Field label={t('assign.kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => setKind(event.target.value as AttachmentKind)}
            >
              {AttachmentKind.options.map((option) => (
                <option key={option} value={option}>
                  {t(`documents:kind.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('assign.note')}>
          {(props) => (
            <input
              {...props}
              value={note}
              maxLength={500}
              onChange={(event) => setNote(event.target.value)}
            />
          )}
        </Field>
      </div>
      {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
      <div className="doc-attach-actions">
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('assign.saving') : t('assign.save')}
        </button>
      </div>
    </form>
  );
}
