import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/client';
import { api } from '../api';
import { navigate, pathTo } from '../router';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { ClientForm } from './ClientForm';
import { askToPrintOnOpen } from './print-request';
import { draftFromClient, emptyDraft, type ClientDraft } from './form-state';

interface Loaded {
  client: Client | null;
  draft: ClientDraft;
  /** Bumped on every load so a reloaded record starts a fresh form. */
  generation: number;
}

/** `#/clients/new` without an id, `#/clients/:id/edit` with one. */
export function ClientFormPage({ id }: { id?: string }) {
  const { t } = useTranslation('clients');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  /** Bumped to read the record again (after someone else changed it). */
  const [reloads, setReloads] = useState(0);

  // A new client starts with the office's packet script (Cyrillic if the profile cannot be read).
  useEffect(() => {
    if (id) return;
    let current = true;
    const start = (draft: ClientDraft) => current && setLoaded({ client: null, draft, generation: 0 });
    api.call('office.profile', {}).then(
      (office) => start(emptyDraft(office.packetScript)),
      () => start(emptyDraft()),
    );
    return () => {
      current = false;
    };
  }, [id]);

  useEffect(() => {
    if (!id) return;
    let current = true;
    api.call('clients.get', { id }).then(
      (client) =>
        current &&
        setLoaded((previous) => ({
          client,
          draft: draftFromClient(client),
          generation: (previous?.generation ?? 0) + 1,
        })),
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [id, reloads]);

  if (loadError) {
    return (
      <div className="page-body">
        <ProblemText className="banner banner-error" problem={problemFromError(loadError)} />
        <Link to="/clients">{t('profile.backToList')}</Link>
      </div>
    );
  }
  if (!loaded) return <div className="page-body muted">{t('common:loading')}</div>;

  const { client } = loaded;
  return (
    <div className="page-body">
      <ClientForm
        key={loaded.generation}
        title={
          client ? t('form.editTitle', { name: `${client.surname} ${client.givenName}` }) : t('form.newTitle')
        }
        initial={loaded.draft}
        recordId={client?.id}
        cancelTo={client ? pathTo('/clients/:id', { id: client.id }) : '/clients'}
        onSave={(fields) =>
          client
            ? api.call('clients.update', {
                id: client.id,
                client: fields,
                expectedUpdatedAt: client.updatedAt,
              })
            : api.call('clients.create', { client: fields })
        }
        onSaved={(saved, then) => {
          if (then.print) askToPrintOnOpen(saved.id);
          navigate(pathTo('/clients/:id', { id: saved.id }), { force: true });
        }}
        onReload={client ? () => setReloads((n) => n + 1) : undefined}
      />
    </div>
  );
}
