import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PartnerKind, type Partner } from '../../../shared/casework';
import { api } from '../api';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import { EnumSelect } from '../ui/EnumSelect';
import './casework.css';

/** `#/partners`: the partners directory per city; example entries are marked until checked. */
export function PartnersPage() {
  const { t } = useTranslation('casework');
  // `city: null` until the person picks one: the directory starts on the office's own city.
  const [filter, setFilter] = useState({
    city: null as string | null,
    kind: '' as PartnerKind | '',
    query: '',
  });
  const office = useLoad(() => api.call('office.profile', {}), 'office');
  const city = filter.city ?? office.data?.city ?? '';
  const partners = useLoad(
    () =>
      api.call('partners.list', {
        city: city || null,
        kind: filter.kind || null,
        query: filter.query,
      }),
    JSON.stringify({ ...filter, city }),
  );
  const cities = withCity(partners.data?.cities ?? [], city);
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('partners.title')}</h1>
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          {t('partners.add')}
        </button>
      </header>
      <p className="muted">{t('partners.examplesHint')}</p>

      <div className="cw-inline-form cw-filters">
        <Field label={t('partners.city')}>
          {(control) => (
            <select
              {...control}
              value={city}
              onChange={(e) => setFilter({ ...filter, city: e.target.value })}
            >
              <option value="">{t('partners.allCities')}</option>
              {cities.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('partners.kind')}>
          {(control) => (
            <EnumSelect
              {...control}
              value={filter.kind}
              onChange={(value) => setFilter({ ...filter, kind: value })}
              options={PartnerKind.options}
              empty={t('partners.allKinds')}
              label={(kind) => t(`partnerKind.${kind}`)}
            />
          )}
        </Field>
        <Field label={t('partners.search')} className="cw-grow">
          {(control) => (
            <input
              {...control}
              type="search"
              value={filter.query}
              onChange={(e) => setFilter({ ...filter, query: e.target.value })}
            />
          )}
        </Field>
      </div>
      {partners.error ? (
        <ProblemText className="banner banner-error" problem={caseworkProblem(partners.error, t)} />
      ) : null}

      {editing ? (
        <PartnerForm
          partner={editing === 'new' ? null : editing}
          defaultCity={city}
          onDone={(saved) => {
            setEditing(null);
            if (saved) partners.reload();
          }}
        />
      ) : null}

      <Card
        title={
          partners.data ? t('partners.count', { count: partners.data.items.length }) : t('common.loading')
        }
      >
        {partners.data?.items.length === 0 ? <p className="muted">{t('partners.none')}</p> : null}
        {partners.data && partners.data.items.length > 0 ? (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('partners.city')}</th>
                <th scope="col">{t('partners.kind')}</th>
                <th scope="col">{t('partners.name')}</th>
                <th scope="col">{t('partners.address')}</th>
                <th scope="col">{t('partners.contact')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {partners.data.items.map((partner) => (
                <tr key={partner.id}>
                  <td>{partner.city}</td>
                  <td>{t(`partnerKind.${partner.kind}`)}</td>
                  <td>
                    {partner.name}{' '}
                    {partner.isExample ? (
                      <span className="badge badge-warning" title={t('partners.isExample')}>
                        {t('partners.example')}
                      </span>
                    ) : null}
                    {partner.notes ? <div className="muted">{partner.notes}</div> : null}
                  </td>
                  <td>{partner.address ?? ''}</td>
                  <td>{partner.contact ?? ''}</td>
                  <td>
                    <button type="button" className="button-small" onClick={() => setEditing(partner)}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </div>
  );
}

function PartnerForm({
  partner,
  defaultCity,
  onDone,
}: {
  partner: Partner | null;
  defaultCity: string;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation('casework');
  const [form, setForm] = useState({
    city: partner?.city ?? defaultCity,
    kind: partner?.kind ?? ('' as PartnerKind | ''),
    name: partner?.name ?? '',
    address: partner?.address ?? '',
    contact: partner?.contact ?? '',
    notes: partner?.notes ?? '',
    isExample: partner?.isExample ?? false,
  });
  const [error, setError] = useState<unknown>(null);

  return (
    <Card title={partner ? partner.name : t('partners.add')}>
      <form
        className="cw-stack-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!form.kind) return;
          const fields = { ...form, kind: form.kind };
          api
            .call('partners.save', { ...(partner ? { id: partner.id } : {}), partner: fields })
            .then(() => onDone(true), setError);
        }}
      >
        <div className="cw-inline-form">
          <Field label={t('partners.city')}>
            {(control) => (
              <input
                {...control}
                value={form.city}
                required
                maxLength={100}
                onChange={(e) => setForm({ ...form, city: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('partners.kind')}>
            {(control) => (
              <EnumSelect
                {...control}
                value={form.kind}
                required
                onChange={(value) => setForm({ ...form, kind: value })}
                options={PartnerKind.options}
                empty="—"
                label={(kind) => t(`partnerKind.${kind}`)}
              />
            )}
          </Field>
          <Field label={t('partners.name')} className="cw-grow">
            {(control) => (
              <input
                {...control}
                value={form.name}
                required
                maxLength={200}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="cw-inline-form">
          <Field label={t('partners.address')} className="cw-grow">
            {(control) => (
              <input
                {...control}
                value={form.address}
                maxLength={300}
                onChange={(e) => setForm({ ...form, address: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('partners.contact')} className="cw-grow">
            {(control) => (
              <input
                {...control}
                value={form.contact}
                maxLength={300}
                onChange={(e) => setForm({ ...form, contact: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Field label={t('partners.notes')}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={form.notes}
              maxLength={2000}
              onChange={(e) => setForm({ ...form, notes: e.target.value })}
            />
          )}
        </Field>
        <label className="cw-check">
          <input
            type="checkbox"
            checked={form.isExample}
            onChange={(e) => setForm({ ...form, isExample: e.target.checked })}
          />
          {t('partners.isExample')}
        </label>
        {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('common.save')}
          </button>
          <button type="button" onClick={() => onDone(false)}>
            {t('common.cancel')}
          </button>
          {partner ? (
            <button
              type="button"
              className="button-danger-quiet"
              onClick={() =>
                api.call('partners.remove', { id: partner.id }).then(() => onDone(true), setError)
              }
            >
              {t('common.remove')}
            </button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}

/** The directory's cities, with the office's city among them even before it has partners. */
export function withCity(cities: readonly string[], city: string): string[] {
  return city && !cities.includes(city) ? [city, ...cities] : [...cities];
}
