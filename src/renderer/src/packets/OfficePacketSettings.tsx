import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Municipality, OfficePacketSettings, OfficePacketSettingsInput } from '../../../shared/packets';
import { checkAccount, formatAccount } from '../../../shared/payment/account';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';

/**
 * What the office knows about the police and registry offices its clients go to (issue 12): how
 * its police station takes MUP fees (printed slips or eUprava), its police administration and the
 * administration's account for the ID-card production cost, and per municipality it serves the
 * police station and registry office. Packets pre-fill them. `OfficePacketFields` are the fields
 * alone (the first-run wizard keeps them until the account exists); `OfficePacketCard` loads
 * and saves them in Settings → Office.
 */

export interface OfficePacketDraft {
  mupFees: 'slips' | 'euprava';
  policeAdministration: string;
  policeAdministrationAccount: string;
  places: {
    municipality: string;
    policeStation: string;
    registryOffice: string;
    registryMunicipality: string;
  }[];
}

export const emptyOfficePacketDraft: OfficePacketDraft = {
  mupFees: 'slips',
  policeAdministration: '',
  policeAdministrationAccount: '',
  places: [],
};

export function officePacketDraftFrom(settings: OfficePacketSettings): OfficePacketDraft {
  return {
    mupFees: settings.mupFees,
    policeAdministration: settings.policeAdministration ?? '',
    policeAdministrationAccount: settings.policeAdministrationAccount
      ? formatAccount(settings.policeAdministrationAccount)
      : '',
    places: settings.places.map((place) => ({
      municipality: place.municipality,
      policeStation: place.policeStation ?? '',
      registryOffice: place.registryOffice ?? '',
      registryMunicipality: place.registryMunicipality ?? '',
    })),
  };
}

export function officePacketInput(draft: OfficePacketDraft): OfficePacketSettingsInput {
  return {
    mupFees: draft.mupFees,
    policeAdministration: draft.policeAdministration,
    policeAdministrationAccount: draft.policeAdministrationAccount,
    places: draft.places
      .filter((place) => place.municipality.trim() !== '')
      .map((place) => ({ ...place, registryMunicipality: place.registryMunicipality || null })),
  };
}

/** Whether what is typed is worth sending: the account, when typed, has its control digits. */
export function accountProblem(draft: OfficePacketDraft): string | null {
  if (draft.policeAdministrationAccount.trim() === '') return null;
  const check = checkAccount(draft.policeAdministrationAccount);
  return check.valid ? null : check.message;
}

export function OfficePacketFields({
  draft,
  onChange,
  municipalities,
}: {
  draft: OfficePacketDraft;
  onChange: (draft: OfficePacketDraft) => void;
  municipalities: Municipality[];
}) {
  const { t } = useTranslation('packets');
  const set = (patch: Partial<OfficePacketDraft>) => onChange({ ...draft, ...patch });
  const setPlace = (index: number, patch: Partial<OfficePacketDraft['places'][number]>) =>
    set({ places: draft.places.map((place, i) => (i === index ? { ...place, ...patch } : place)) });
  const account = accountProblem(draft);
  const names = municipalities.map((m) => m.name);

  return (
    <div className="form-grid">
      <fieldset className="field-group span-all">
        <legend>{t('office.mupFees')}</legend>
        <div className="choice-list">
          {(['slips', 'euprava'] as const).map((channel) => (
            <label key={channel} className="choice">
              <input
                type="radio"
                name="mupFees"
                checked={draft.mupFees === channel}
                onChange={() => set({ mupFees: channel })}
              />
              {t(`office.mupFeesChoice.${channel}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field w4">
        <label htmlFor="office-pu">{t('office.policeAdministration')}</label>
        <input
          id="office-pu"
          value={draft.policeAdministration}
          onChange={(e) => set({ policeAdministration: e.target.value })}
        />
      </div>
      <div className={`field w4 ${account ? 'field--invalid' : ''}`}>
        <label htmlFor="office-pu-account">{t('office.policeAdministrationAccount')}</label>
        <input
          id="office-pu-account"
          className="mono"
          value={draft.policeAdministrationAccount}
          aria-invalid={account ? true : undefined}
          placeholder="840-…-…"
          onChange={(e) => set({ policeAdministrationAccount: e.target.value })}
        />
        <div className={`field-message ${account ? 'field-message--error' : ''}`}>
          {account ?? t('office.policeAdministrationAccountHint')}
        </div>
      </div>
      <datalist id="office-municipalities">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <fieldset className="field-group span-all">
        <legend>{t('office.places')}</legend>
        <p className="muted">{t('office.placesHint')}</p>
        {draft.places.map((place, index) => (
          <div key={index} className="form-grid">
            <div className="field w2">
              <label htmlFor={`place-${index}-m`}>{t('office.municipality')}</label>
              <input
                id={`place-${index}-m`}
                list="office-municipalities"
                value={place.municipality}
                onChange={(e) => setPlace(index, { municipality: e.target.value })}
              />
            </div>
            <div className="field w2">
              <label htmlFor={`place-${index}-p`}>{t('office.policeStation')}</label>
              <input
                id={`place-${index}-p`}
                value={place.policeStation}
                onChange={(e) => setPlace(index, { policeStation: e.target.value })}
              />
            </div>
            <div className="field w2">
              <label htmlFor={`place-${index}-r`}>{t('office.registryOffice')}</label>
              <input
                id={`place-${index}-r`}
                value={place.registryOffice}
                onChange={(e) => setPlace(index, { registryOffice: e.target.value })}
              />
            </div>
            <div className="field w2">
              <label htmlFor={`place-${index}-rm`}>{t('office.registryMunicipality')}</label>
              <input
                id={`place-${index}-rm`}
                list="office-municipalities"
                value={place.registryMunicipality}
                placeholder={place.municipality}
                onChange={(e) => setPlace(index, { registryMunicipality: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => set({ places: draft.places.filter((_, i) => i !== index) })}
            >
              {t('office.removePlace')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            set({
              places: [
                ...draft.places,
                { municipality: '', policeStation: '', registryOffice: '', registryMunicipality: '' },
              ],
            })
          }
        >
          {t('office.addPlace')}
        </button>
      </fieldset>
    </div>
  );
}

/** Settings → Office: the packet settings, loaded and saved on their own (admins edit). */
export function OfficePacketCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('packets');
  const [draft, setDraft] = useState<OfficePacketDraft | null>(null);
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('packets.officeSettings', {}), api.call('municipalities.list', {})]).then(
      ([settings, { items }]) => {
        if (!live) return;
        setDraft(officePacketDraftFrom(settings));
        setMunicipalities(items);
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft || accountProblem(draft)) return;
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      setDraft(
        officePacketDraftFrom(
          await api.call('packets.saveOfficeSettings', { settings: officePacketInput(draft) }),
        ),
      );
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form-section" onSubmit={save} noValidate>
      <h3>{t('office.heading')}</h3>
      <p className="muted">{t('office.intro')}</p>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      {draft ? (
        <fieldset disabled={!canEdit || saving} style={{ border: 0, padding: 0, margin: 0 }}>
          <OfficePacketFields draft={draft} onChange={setDraft} municipalities={municipalities} />
          {canEdit ? (
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t('office.save')}
              </button>
              {saved ? <span role="status">{t('office.saved')}</span> : null}
            </div>
          ) : null}
        </fieldset>
      ) : error ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
    </form>
  );
}
