import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficeProfile, OfficeProfileInput } from '../../../shared/contract/office';
import type { Municipality } from '../../../shared/packets';
import { mayCall } from '../../../shared/security';
import { api } from '../api';
import { scriptOfLanguage } from '../i18n';
import { useSession } from '../security/session-context';
import { useLoad } from '../ui/useLoad';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { useAction } from '../ui/useAction';
import {
  checkOfficeDraft,
  officeDraftFrom,
  officeProblemsOf,
  placeName,
  type OfficeDraft,
  type OfficeProblems,
} from './office-form';
import { OfficeFields, PacketScriptChoice } from './OfficeFields';
import { OfficePacketCard } from '../packets/OfficePacketSettings';
import './setup.css';

/**
 * Settings → Office: the profile the first-run wizard set up. Admins change it (a missing
 * municipality code can be entered here too); everyone else sees it.
 */
export function OfficeCard() {
  const { t } = useTranslation('settings');
  const { user } = useSession();
  const loaded = useLoad(
    () => Promise.all([api.call('office.profile', {}), api.call('municipalities.list', {})]),
    'office',
    // Loaded once: the form below starts from this profile, and a save hands the new one back.
    { live: false },
  );
  /** The profile as this card last saved it, over the one loaded. */
  const [savedProfile, setSavedProfile] = useState<OfficeProfile | null>(null);
  const profile = savedProfile ?? loaded.data?.[0] ?? null;
  const municipalities = loaded.data?.[1].items ?? null;
  const loadError = loaded.error;

  return (
    <section className="card" aria-labelledby="office-heading">
      <h2 id="office-heading">{t('office.heading')}</h2>
      {loadError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(loadError)} />
      ) : null}
      {profile && municipalities ? (
        mayCall(user.role, 'office.saveProfile') ? (
          <OfficeForm profile={profile} municipalities={municipalities} onSaved={setSavedProfile} />
        ) : (
          <OfficeDetails profile={profile} />
        )
      ) : loadError ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
      {/* The police and registry offices packets pre-fill, and how MUP fees are paid (issue 12). */}
      <OfficePacketCard canEdit={mayCall(user.role, 'packets.saveOfficeSettings')} />
    </section>
  );
}

function OfficeForm({
  profile,
  municipalities,
  onSaved,
}: {
  profile: OfficeProfile;
  municipalities: Municipality[];
  onSaved: (profile: OfficeProfile) => void;
}) {
  const { t } = useTranslation('settings');
  const [draft, setDraft] = useState<OfficeDraft>(() => officeDraftFrom(profile));
  const [problems, setProblems] = useState<OfficeProblems>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  function change(next: OfficeDraft) {
    setDraft(next);
    setSaved(false);
  }

  const save = useAction(
    async (office: OfficeProfileInput) => {
      const updated = await api.call('office.saveProfile', { office });
      onSaved(updated);
      setDraft(officeDraftFrom(updated));
      setSaved(true);
    },
    {
      onFailure: (error) => {
        const fields = officeProblemsOf(error);
        setProblems(fields);
        if (Object.keys(fields).length === 0) setFailure(error);
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = checkOfficeDraft(draft);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    void save.run(checked.input);
  }

  return (
    <form className="setup-office-form" onSubmit={submit} noValidate>
      <p className="muted">{t('office.intro')}</p>
      <OfficeFields draft={draft} onChange={change} problems={problems} municipalities={municipalities} />
      <PacketScriptChoice
        value={draft.packetScript}
        onChange={(packetScript) => change({ ...draft, packetScript })}
      />
      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.busy}>
          {t('office.save')}
        </button>
        {saved ? (
          <span className="muted" role="status">
            {t('office.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function OfficeDetails({ profile }: { profile: OfficeProfile }) {
  const { t, i18n } = useTranslation('settings');
  const script = scriptOfLanguage(i18n.language);
  const { municipality } = profile;
  return (
    <>
      <dl className="details">
        <dt>{t('setup:office.name')}</dt>
        <dd>{profile.name}</dd>
        <dt>{t('setup:office.city')}</dt>
        <dd>{profile.city ?? '—'}</dd>
        <dt>{t('setup:office.municipality')}</dt>
        <dd>
          {municipality ? (
            <>
              {placeName(municipality.name, script, municipality)}{' '}
              {municipality.code ? (
                <span className="mono">{municipality.code}</span>
              ) : (
                <span className="badge badge-danger">{t('office.codeMissing')}</span>
              )}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('setup:language.packetScript')}</dt>
        <dd>{t(`setup:language.script.${profile.packetScript}`)}</dd>
      </dl>
      <p className="muted">{t('office.adminChanges')}</p>
    </>
  );
}
