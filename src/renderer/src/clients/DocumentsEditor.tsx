import { useTranslation } from 'react-i18next';
import { DocumentKind } from '../../../shared/client';
import { ProblemText } from '../ui/ProblemText';
import { dateTextToIso, isExpired } from '../ui/dates';
import { EnumSelect } from '../ui/EnumSelect';
import type { DocumentDraft, FieldProblems } from './form-state';

interface DocumentsEditorProps {
  documents: DocumentDraft[];
  problems: FieldProblems;
  onChange: (documents: DocumentDraft[]) => void;
}

const MAX_DOCUMENTS = 20; // as the shared schema allows

/** The documents a client holds, one row each: kind, number, issued, expires. */
export function DocumentsEditor({ documents, problems, onChange }: DocumentsEditorProps) {
  const { t } = useTranslation('clients');

  const update = (index: number, patch: Partial<DocumentDraft>) =>
    onChange(documents.map((document, i) => (i === index ? { ...document, ...patch } : document)));

  const add = () => {
    onChange([...documents, { kind: 'id_card', number: '', issuedOn: '', expiresOn: '' }]);
    // Focus the new row's first control once it is rendered.
    window.setTimeout(() => document.getElementById(`document-${documents.length}-kind`)?.focus());
  };

  const problem = (index: number, field: keyof DocumentDraft) => problems[`documents.${index}.${field}`];

  return (
    <div className="documents-editor">
      {documents.length > 0 ? (
        <table className="data-table documents-table">
          <thead>
            <tr>
              <th scope="col">{t('document.kind')}</th>
              <th scope="col">{t('document.number')}</th>
              <th scope="col">{t('document.issuedOn')}</th>
              <th scope="col">{t('document.expiresOn')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('document.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((document, index) => {
              const expiresIso = dateTextToIso(document.expiresOn);
              const expired = /^\d{4}-\d{2}-\d{2}$/.test(expiresIso) && isExpired(expiresIso);
              const rowLabel = t('document.rowLabel', { number: index + 1 });
              return (
                <tr key={index}>
                  <td>
                    <EnumSelect
                      id={`document-${index}-kind`}
                      aria-label={`${rowLabel}: ${t('document.kind')}`}
                      value={document.kind}
                      onChange={(value) => update(index, { kind: value })}
                      options={DocumentKind.options}
                      label={(kind) => t(`documentKind.${kind}`)}
                    />
                  </td>
                  {(['number', 'issuedOn', 'expiresOn'] as const).map((field) => {
                    const cellProblem = problem(index, field);
                    return (
                      <td key={field}>
                        <input
                          aria-label={`${rowLabel}: ${t(`document.${field}`)}`}
                          aria-invalid={cellProblem ? true : undefined}
                          className={field === 'number' ? 'mono' : 'date-input'}
                          placeholder={field === 'number' ? undefined : t('common:datePlaceholder')}
                          value={document[field]}
                          autoComplete="off"
                          onChange={(event) => update(index, { [field]: event.target.value })}
                        />
                        {field === 'expiresOn' && expired ? (
                          <span className="badge badge-danger">{t('document.expired')}</span>
                        ) : null}
                        {cellProblem ? (
                          <ProblemText className="field-message field-message--error" problem={cellProblem} />
                        ) : null}
                      </td>
                    );
                  })}
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button-small button-quiet"
                      onClick={() => onChange(documents.filter((_, i) => i !== index))}
                    >
                      {t('document.remove')}
                      <span className="visually-hidden"> {rowLabel}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('document.none')}</p>
      )}
      <button
        type="button"
        className="button-small"
        onClick={add}
        disabled={documents.length >= MAX_DOCUMENTS}
      >
        {t('document.add')}
      </button>
    </div>
  );
}
