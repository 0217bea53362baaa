import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Relation, type HouseholdMember } from '../../../shared/casework';
import type { ClientSummary, Sex } from '../../../shared/client';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { pathTo } from '../router';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { EnumSelect } from '../ui/EnumSelect';
import { Card } from './Card';
import { clientName, formatDate } from './format';
import { caseworkProblem } from './problems';

/**
 * The people linked to the client's household, linking another client found by search, and
 * making a child's record from this one (address and category taken over).
 */
export function HouseholdCard({
  clientId,
  members,
  onChanged,
}: {
  clientId: string;
  members: HouseholdMember[] | null;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation('casework');
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ClientSummary[]>([]);
  const [picked, setPicked] = useState<ClientSummary | null>(null);
  const [relation, setRelation] = useState<Relation>('child');
  const [child, setChild] = useState({
    givenName: '',
    surname: '',
    sex: '' as Sex | '',
    birthDate: '',
    jmbg: '',
  });
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      onChanged();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  async function search(text: string) {
    setQuery(text);
    setPicked(null);
    if (text.trim().length < 2) return setFound([]);
    try {
      const page = await api.call('clients.search', { query: text, limit: 6 });
      setFound(page.items.filter((item) => item.id !== clientId));
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Card title={t('household.title')}>
      {members && members.length === 0 ? <p className="muted">{t('household.none')}</p> : null}
      {members && members.length > 0 ? (
        <ul className="cw-list">
          {members.map((member) => (
            <li key={member.linkId}>
              <span className="badge">{t(`relation.${member.relation}`)}</span>{' '}
              <Link to={pathTo('/clients/:id', { id: member.client.id })}>
                {clientName(member.client, i18n.language)}
              </Link>
              {member.client.birthDate ? (
                <span className="muted"> · {formatDate(member.client.birthDate)}</span>
              ) : null}{' '}
              <button
                type="button"
                className="button-small button-quiet"
                onClick={() => void run(() => api.call('household.unlink', { linkId: member.linkId }))}
              >
                {t('household.unlink')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}

      <details className="cw-more">
        <summary>{t('household.link')}</summary>
        <form
          className="cw-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!picked) return;
            void run(() =>
              api.call('household.link', { clientId, relatedClientId: picked.id, relation }),
            ).then((ok) => {
              if (ok) {
                setPicked(null);
                setQuery('');
                setFound([]);
              }
            });
          }}
        >
          <Field label={t('household.find')} className="cw-grow">
            {(control) => (
              <input
                {...control}
                type="search"
                value={picked ? clientName(picked, i18n.language) : query}
                onChange={(e) => void search(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('household.relation')}>
            {(control) => (
              <EnumSelect
                {...control}
                value={relation}
                onChange={setRelation}
                options={Relation.options}
                label={(option) => t(`relation.${option}`)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary" disabled={!picked}>
            {t('household.link')}
          </button>
        </form>
        {!picked && found.length > 0 ? (
          <ul className="cw-choices">
            {found.map((item) => (
              <li key={item.id}>
                <button type="button" className="button-small button-quiet" onClick={() => setPicked(item)}>
                  {clientName(item, i18n.language)}
                  {item.birthDate ? ` · ${formatDate(item.birthDate)}` : ''}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </details>

      <details className="cw-more">
        <summary>{t('household.newChild')}</summary>
        <p className="muted">{t('household.childHint')}</p>
        <form
          className="cw-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            setCreated(null);
            void (async () => {
              setError(null);
              try {
                const record = await api.call('household.createChild', {
                  parentId: clientId,
                  child: {
                    givenName: child.givenName,
                    surname: child.surname || null,
                    sex: child.sex || null,
                    birthDate: child.birthDate || null,
                    jmbg: child.jmbg || null,
                  },
                });
                setCreated({ id: record.id, name: `${record.surname} ${record.givenName}` });
                setChild({ givenName: '', surname: '', sex: '', birthDate: '', jmbg: '' });
                onChanged();
              } catch (failure) {
                setError(failure);
              }
            })();
          }}
        >
          <Field label={t('household.childGivenName')}>
            {(control) => (
              <input
                {...control}
                value={child.givenName}
                required
                maxLength={100}
                onChange={(e) => setChild({ ...child, givenName: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('household.childSurname')}>
            {(control) => (
              <input
                {...control}
                value={child.surname}
                maxLength={100}
                onChange={(e) => setChild({ ...child, surname: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('household.childSex')}>
            {(control) => (
              <select
                {...control}
                value={child.sex}
                onChange={(e) => setChild({ ...child, sex: e.target.value as Sex | '' })}
              >
                <option value="">—</option>
                <option value="M">{t('sex.M')}</option>
                <option value="F">{t('sex.F')}</option>
              </select>
            )}
          </Field>
          <Field label={t('household.childBirthDate')}>
            {(control) => (
              <DateInput
                {...control}
                value={child.birthDate}
                onChange={(birthDate) => setChild({ ...child, birthDate })}
              />
            )}
          </Field>
          <Field label={t('household.childJmbg')}>
            {(control) => (
              <input
                {...control}
                value={child.jmbg}
                inputMode="numeric"
                maxLength={13}
                onChange={(e) => setChild({ ...child, jmbg: e.target.value })}
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {t('household.createChild')}
          </button>
        </form>
        {created ? (
          <p className="notice notice-ok" role="status">
            {t('household.childCreated')}{' '}
            <Link to={pathTo('/clients/:id', { id: created.id })}>{created.name}</Link>
          </p>
        ) : null}
      </details>
    </Card>
  );
}
