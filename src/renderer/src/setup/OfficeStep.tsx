import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { useLoad } from '../ui/useLoad';
import { checkOfficeDraft, type OfficeDraft, type OfficeProblems } from './office-form';
import { OfficeFields } from './OfficeFields';
import { accountProblem, OfficePacketFields, type OfficePacketDraft } from '../packets/OfficePacketSettings';

/** Step 2: the office's name, city and municipality (with its code when it is missing). */
export function OfficeStep({
  draft,
  onChange,
  problems,
  onProblems,
  onBack,
  onNext,
  packetDraft,
  onPacketDraft,
}: {
  draft: OfficeDraft;
  /** The police and registry offices (packets); saved once the admin account exists. */
  packetDraft: OfficePacketDraft;
  onPacketDraft: (draft: OfficePacketDraft) => void;
  onChange: (draft: OfficeDraft) => void;
  problems: OfficeProblems;
  onProblems: (problems: OfficeProblems) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('setup');
  const loaded = useLoad(() => api.call('municipalities.list', {}), 'municipalities', { live: false });
  const municipalities = loaded.data?.items ?? null;
  const loadError = loaded.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkOfficeDraft(draft);
    onProblems(checked.ok ? {} : checked.problems);
    if (checked.ok && !accountProblem(packetDraft)) onNext();
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('office.heading')}</h1>
      <p className="muted">{t('office.intro')}</p>
      {loadError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(loadError)} />
      ) : null}
      {municipalities ? (
        <OfficeFields
          draft={draft}
          onChange={onChange}
          problems={problems}
          municipalities={municipalities}
          autoFocus
        />
      ) : null}
      {municipalities ? (
        <details className="setup-packets">
          <summary>{t('office.packetsSummary')}</summary>
          <OfficePacketFields draft={packetDraft} onChange={onPacketDraft} municipalities={municipalities} />
        </details>
      ) : loadError ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
      <div className="form-actions setup-actions">
        <button type="button" onClick={onBack}>
          {t('action.back')}
        </button>
        <button type="submit" className="button-primary" disabled={!municipalities}>
          {t('action.next')}
        </button>
      </div>
    </form>
  );
}
