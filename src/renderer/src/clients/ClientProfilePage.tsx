import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/client';
import type { Script } from '../../../shared/script';
import { api } from '../api';
import { ClientCaseworkPanel } from '../casework';
import { ConsentCard } from '../consent';
import { ClientDocumentsCard } from '../documents';
import { PacketHistory, PrintPacketDialog } from '../packets';
import { usePrivacyActions } from '../privacy';
import { TransferClient } from '../sync';
import { scriptOfLanguage } from '../i18n';
import { navigate, pathTo } from '../router';
import { SHORTCUT, isPrintPacketShortcut, shortcutProps } from '../shortcuts';
import { ActionMenu } from '../ui/ActionMenu';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Link } from '../ui/Link';
import { useLoad } from '../ui/useLoad';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { formatDate, formatTimestamp, isExpired } from '../ui/dates';
import { useAction } from '../ui/useAction';
import { fullNames, usePlaceNames } from './names';
import { clearPrintRequest, printRequested } from './print-request';

/** `#/clients/:id`: the whole record, readable, with Edit and Delete. */
export function ClientProfilePage({ id }: { id: string }) {
  const { t } = useTranslation('clients');
  // useLoad: a fix saved elsewhere (the packet check, a sync) shows here at once.
  const loaded = useLoad(() => api.call('clients.get', { id }), id);
  const client = loaded.data;
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? loaded.error;
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // 'straight': asked on the client form ("save and print"), so the dialog goes straight to the PDF.
  const [printing, setPrinting] = useState<false | 'ask' | 'straight'>(() =>
    printRequested(id) ? 'straight' : false,
  );
  useEffect(clearPrintRequest, []);
  const [packetsPrinted, setPacketsPrinted] = useState(0);

  // Esc goes back to the list (a dialog, when open, takes Esc for itself); Alt+P prints a packet.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !confirmingDelete && !event.defaultPrevented) navigate('/clients');
      else if (isPrintPacketShortcut(event) && !confirmingDelete) {
        event.preventDefault();
        setPrinting('ask');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [confirmingDelete]);

  const remove = useAction(
    async () => {
      await api.call('clients.delete', { id });
      navigate('/clients');
    },
    {
      onFailure: (failure) => {
        setError(failure);
        setConfirmingDelete(false);
      },
    },
  );

  if (!client) {
    return (
      <div className="page-body">
        {error ? (
          <ProblemText className="banner banner-error" problem={problemFromError(error)} />
        ) : (
          t('common:loading')
        )}
        <p>
          <Link to="/clients">{t('profile.backToList')}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page-body profile">
      <ProfileHeader
        client={client}
        onDelete={() => setConfirmingDelete(true)}
        onPrintPacket={() => setPrinting('ask')}
      />
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}

      <div className="profile-columns">
        <div>
          <PersonCard client={client} />
          <DocumentsCard client={client} />
        </div>
        <div>
          <ContactCard client={client} />
          <StatusCard client={client} />
          <Card title={t('section.notes')}>
            <p className="notes">{client.notes ?? <span className="muted">{t('common:none')}</span>}</p>
          </Card>
          <Card title={t('profile.record')}>
            <dl className="details">
              <Item label={t('profile.createdAt')}>{formatTimestamp(client.createdAt)}</Item>
              <Item label={t('profile.updatedAt')}>{formatTimestamp(client.updatedAt)}</Item>
            </dl>
          </Card>
        </div>
      </div>

      <ConsentCard clientId={client.id} />
      <ClientDocumentsCard clientId={client.id} />
      <ClientCaseworkPanel clientId={client.id} />
      <PacketHistory clientId={client.id} surname={client.names.latn.surname} refreshKey={packetsPrinted} />
      <TransferClient
        clientId={client.id}
        clientName={`${client.surname} ${client.givenName}`}
        onTransferred={() => navigate('/clients')}
      />

      {printing ? (
        <PrintPacketDialog
          clientId={client.id}
          straightToPdf={printing === 'straight'}
          onClose={() => setPrinting(false)}
          onPacket={() => setPacketsPrinted((n) => n + 1)}
          onOpenSettings={() => navigate('/settings')}
        />
      ) : null}

      {confirmingDelete ? (
        <ConfirmDialog
          title={t('profile.deleteTitle')}
          confirmLabel={t('profile.delete')}
          danger
          busy={remove.busy}
          onCancel={() => setConfirmingDelete(false)}
          onConfirm={() => void remove.run()}
        >
          <p>{t('profile.deleteQuestion', { name: `${client.surname} ${client.givenName}` })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ProfileHeader({
  client,
  onDelete,
  onPrintPacket,
}: {
  client: Client;
  onDelete: () => void;
  onPrintPacket: () => void;
}) {
  const { t, i18n } = useTranslation('clients');
  const names = fullNames(client.names, scriptOfLanguage(i18n.language));
  const privacy = usePrivacyActions({ client, onErased: () => navigate('/clients') });
  const printButton = useRef<HTMLButtonElement>(null);
  // The next thing to do after saving or opening a record is usually its packet: the focus waits there.
  useEffect(() => printButton.current?.focus(), []);
  return (
    <>
      <nav className="breadcrumb" aria-label={t('profile.breadcrumb')}>
        <Link to="/clients">← {t('profile.backToList')}</Link>
      </nav>
      <header className="page-header profile-header">
        <div className="profile-title">
          <h1>
            {names.main}
            {names.other ? <span className="other-script other-script--title">{names.other}</span> : null}
          </h1>
          <div className="profile-subtitle">
            <span className="badge">{t(`category.${client.category}`)}</span>
            {client.jmbg ? <span className="mono">{client.jmbg}</span> : null}
            {client.birthDate ? (
              // Serbian agrees it with the sex (rođen / rođena); unknown keeps the neutral rođen(a).
              <span>
                {t('profile.born', { date: formatDate(client.birthDate), context: client.sex ?? undefined })}
              </span>
            ) : null}
          </div>
        </div>
        <div className="header-actions">
          <button
            ref={printButton}
            type="button"
            className="button button-primary"
            onClick={onPrintPacket}
            {...shortcutProps(SHORTCUT.printPacket, t('profile.printPacket'))}
          >
            {t('profile.printPacket')}
          </button>
          <Link to={pathTo('/clients/:id/edit', { id: client.id })} className="button">
            {t('profile.edit')}
          </Link>
          <ActionMenu
            label={t('profile.more')}
            actions={[...privacy.actions, { label: t('profile.delete'), onSelect: onDelete, danger: true }]}
          />
        </div>
      </header>
      {privacy.output}
    </>
  );
}

function PersonCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  const place = usePlaceNames();
  const scripts: Script[] = ['latn', 'cyrl'];
  const nameRows = [
    ['surname', t('field.surname')],
    ['givenName', t('field.givenName')],
    ['parentName', t('field.parentName')],
  ] as const;
  const corrected = (field: 'surname' | 'givenName' | 'parentName', script: Script) =>
    script !== client.nameScript && client.nameOverrides?.[field] != null;

  return (
    <Card title={t('section.person')}>
      <table className="names-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('profile.nameColumn')}</span>
            </th>
            {scripts.map((script) => (
              <th scope="col" key={script}>
                {t(`script.${script}`)}
                {script === client.nameScript ? <span className="muted"> · {t('names.asTyped')}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {nameRows.map(([field, label]) => (
            <tr key={field}>
              <th scope="row">{label}</th>
              {scripts.map((script) => (
                <td key={script} lang={script === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn'}>
                  {client.names[script][field] ?? <span className="muted">—</span>}
                  {corrected(field, script) ? <span className="muted"> · {t('names.corrected')}</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="details">
        <Item label={t('field.jmbg')}>
          {client.jmbg ? <span className="mono">{client.jmbg}</span> : null}
          <JmbgStatus client={client} />
        </Item>
        <Item label={t('field.sex')}>{client.sex ? t(`sex.${client.sex}`) : null}</Item>
        <Item label={t('field.birthDate')}>{formatDate(client.birthDate)}</Item>
        <Item label={t('field.birthPlace')}>{place(client.birthPlace)}</Item>
        <Item label={t('field.birthCountry')}>{place(client.birthCountry)}</Item>
        <Item label={t('field.citizenship')}>{place(client.citizenship)}</Item>
        <Item label={t('field.preferredScript')}>{t(`script.${client.preferredScript}`)}</Item>
      </dl>
    </Card>
  );
}

function JmbgStatus({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  if (client.jmbgValid === null) return <span className="muted">{t('jmbg.status.none')}</span>;
  if (client.jmbgValid) return <span className="badge badge-ok">{t('jmbg.status.valid')}</span>;
  return (
    <span className="jmbg-kept">
      <span className="badge badge-warning">{t('jmbg.status.kept')}</span>
      {client.jmbgOverrideReason ? (
        <span> {t('jmbg.status.reason', { reason: client.jmbgOverrideReason })}</span>
      ) : null}
    </span>
  );
}

function ContactCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  const place = usePlaceNames();
  const address = {
    ...client.address,
    street: place(client.address.street),
    place: place(client.address.place),
    municipality: place(client.address.municipality),
  };
  const streetLine = [address.street, address.number].filter(Boolean).join(' ');
  const flatLine = [
    address.entrance ? t('address.entranceShort', { value: address.entrance }) : null,
    address.floor ? t('address.floorShort', { value: address.floor }) : null,
    address.flat ? t('address.flatShort', { value: address.flat }) : null,
  ]
    .filter(Boolean)
    .join(', ');
  const placeLine = [
    address.place,
    address.municipality && address.municipality !== address.place ? address.municipality : null,
  ]
    .filter(Boolean)
    .join(', ');
  const hasAddress = streetLine || flatLine || placeLine;
  return (
    <Card title={t('section.contact')}>
      <dl className="details">
        <Item label={t('field.phone')}>{client.phone}</Item>
        <Item label={t('profile.address')}>
          {hasAddress ? (
            <span className="address">
              {[streetLine, flatLine, placeLine].filter(Boolean).map((line) => (
                <span key={line}>{line}</span>
              ))}
            </span>
          ) : null}
        </Item>
        <Item label={t('field.residenceStatus')}>
          {client.residenceStatus ? t(`residenceStatus.${client.residenceStatus}`) : null}
        </Item>
      </dl>
    </Card>
  );
}

function StatusCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  const place = usePlaceNames();
  return (
    <Card title={t('section.status')}>
      <dl className="details">
        <Item label={t('field.category')}>{t(`category.${client.category}`)}</Item>
        <Item label={t('field.returnDate')}>{formatDate(client.returnDate)}</Item>
        <Item label={t('field.returnCountry')}>{place(client.returnCountry)}</Item>
        <Item label={t('field.readmission')}>
          {client.readmission === null ? null : client.readmission ? t('common:yes') : t('common:no')}
        </Item>
      </dl>
    </Card>
  );
}

function DocumentsCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  return (
    <Card title={t('section.documents')}>
      {client.documents.length === 0 ? (
        <p className="muted">{t('document.none')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('document.kind')}</th>
              <th scope="col">{t('document.number')}</th>
              <th scope="col">{t('document.issuedOn')}</th>
              <th scope="col">{t('document.expiresOn')}</th>
            </tr>
          </thead>
          <tbody>
            {client.documents.map((document, index) => (
              <tr key={index} className={isExpired(document.expiresOn) ? 'is-expired' : undefined}>
                <td>{t(`documentKind.${document.kind}`)}</td>
                <td className="mono">{document.number ?? ''}</td>
                <td>{formatDate(document.issuedOn)}</td>
                <td>
                  {formatDate(document.expiresOn)}
                  {isExpired(document.expiresOn) ? (
                    <span className="badge badge-danger">{t('document.expired')}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** One label and value; an empty value shows a dash so a gap reads as "not recorded". */
function Item({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <>
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </>
  );
}
