import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Municipality, MunicipalityInput } from '../../../shared/packets';
import { api } from '../api';
import { formatDate, todayIso } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { checkMunicipalityDraft, municipalityDraftFrom, type MunicipalityDraft } from './fee-form';
import {
  HistoryToggle,
  useVersionEditor,
  useVersionList,
  VersionForm,
  VersionTable,
  type VersionFormProps,
} from './VersionForm';

const loadMunicipalities = (history: boolean) => api.call('municipalities.list', { history });

/**
 * Settings → municipality codes (model 97 references are built from them): filtered by name or
 * town, with the count of municipalities still without a code, and a form to add one or a new
 * version of one.
 */
export function MunicipalitySettings() {
  const { t } = useTranslation('packets');
  const { history, setHistory, items, error, edit, form } = useVersionList<Municipality, MunicipalityDraft>(
    loadMunicipalities,
  );
  const [filter, setFilter] = useState('');
  const shown = (items ?? []).filter((m) =>
    `${m.name} ${m.nameCyrl} ${m.city ?? ''}`.toLowerCase().includes(filter.trim().toLowerCase()),
  );

  return (
    <div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <div className="search-bar">
        <input
          className="search-input"
          aria-label={t('settings.filter')}
          placeholder={t('settings.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <HistoryToggle history={history} onChange={setHistory} />
        <button
          type="button"
          className="button button-small search-bar-action"
          onClick={() => edit(municipalityDraftFrom(null, todayIso()))}
        >
          {t('settings.addMunicipality')}
        </button>
      </div>
      <p className="muted">
        {t('settings.codesMissing', { count: (items ?? []).filter((m) => m.current && !m.code).length })}
      </p>
      <VersionTable
        headers={[
          t('municipality.column.name'),
          t('municipality.column.code'),
          t('municipality.column.effectiveFrom'),
          t('fee.column.status'),
        ]}
        rows={shown}
        onNewVersion={(m) => edit(municipalityDraftFrom(m, todayIso()))}
        cells={(m) => (
          <>
            <td>
              {m.name} <span className="muted">{m.nameCyrl}</span>
              {m.city ? <div className="muted">{m.city}</div> : null}
              {/* Where the code comes from, for the admin who checks it (issue 12). */}
              <div className="muted small">
                {t('municipality.source')}: {m.source}
              </div>
            </td>
            <td className="mono" title={m.source}>
              {m.code ?? <span className="badge badge-danger">{t('municipality.noCode')}</span>}
            </td>
            <td className="nowrap">{formatDate(m.effectiveFrom)}</td>
            <td>{m.verify ? <span className="badge badge-warning">{t('settings.verify')}</span> : null}</td>
          </>
        )}
      />
      {form ? <MunicipalityForm {...form} /> : null}
    </div>
  );
}

const saveMunicipality = (municipality: MunicipalityInput) =>
  api.call('municipalities.save', { municipality });

/** A municipality's names in both scripts, its town and its three-digit code. */
function MunicipalityForm(props: VersionFormProps<MunicipalityDraft>) {
  const editor = useVersionEditor('municipality', props, checkMunicipalityDraft, saveMunicipality);
  const { text } = editor;
  return (
    <VersionForm editor={editor} onCancel={props.onCancel}>
      {text('name', 'w3')}
      {text('nameCyrl', 'w3')}
      {text('city', 'w1')}
      {text('code', 'w1')}
      {editor.effectiveFrom()}
      {text('source', 'span-all')}
    </VersionForm>
  );
}
