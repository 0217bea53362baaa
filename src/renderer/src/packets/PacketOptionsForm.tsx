import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcedureInfo } from '../../../shared/contract/packets';
import type { PacketOptionsInput } from '../../../shared/packets';
import { DateInput } from '../ui/DateInput';
import { dateProblem } from '../ui/dates';
import { Field } from '../ui/Field';
import type { Problem } from '../ui/problems';

/** Options a counsellor may type for one packet, by procedure (the rest come from the record). */
const TEXT_OPTIONS: Record<
  ProcedureInfo['id'],
  readonly ('policeStation' | 'registryOffice' | 'rfzoBranch' | 'csrName' | 'previousAddress')[]
> = {
  residence: ['policeStation', 'previousAddress', 'csrName'],
  'id-card': ['policeStation', 'registryOffice'],
  health: ['rfzoBranch'],
};

/** Fees of the registry requests: in the packet only when the requests are ticked. */
const REGISTRY_FEES = new Set(['birth-extract', 'citizenship-certificate']);

interface PacketOptionsFormProps {
  procedures: ProcedureInfo[];
  options: PacketOptionsInput;
  onChange: (options: PacketOptionsInput) => void;
}

/** Step 1 of printing: the procedure, its variant or basis, the client's script, what only the counsellor knows. */
export function PacketOptionsForm({ procedures, options, onChange }: PacketOptionsFormProps) {
  const { t } = useTranslation('packets');
  const procedure = procedures.find((p) => p.id === options.procedure);
  const set = (patch: Partial<PacketOptionsInput>) => onChange({ ...options, ...patch });
  const textOptions = procedure
    ? TEXT_OPTIONS[procedure.id].filter((name) => name !== 'csrName' || options.residenceVariant === 'csr')
    : [];
  const waiverOf = (fee: string) => options.waivers?.find((w) => w.fee === fee);
  // A half-typed settling day is named when the person leaves the field, not at every key.
  const [settledProblem, setSettledProblem] = useState<Problem | null>(null);

  function setWaiver(fee: string, legalBasis: string | null) {
    const others = (options.waivers ?? []).filter((w) => w.fee !== fee);
    set({ waivers: legalBasis === null ? others : [...others, { fee, legalBasis }] });
  }

  return (
    <div className="form-grid">
      <fieldset className="field-group span-all">
        <legend>{t('options.procedure')}</legend>
        <div className="choice-list">
          {procedures.map((p) => (
            <label key={p.id} className="choice">
              <input
                type="radio"
                name="procedure"
                checked={options.procedure === p.id}
                onChange={() =>
                  onChange({
                    procedure: p.id,
                    script: options.script ?? null,
                    desk: options.desk ?? null,
                    blanks: [],
                    waivers: [],
                  })
                }
              />
              {t(`procedure.${p.id}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {procedure?.asks.includes('residenceVariant') ? (
        <fieldset className="field-group span-all">
          <legend>{t('options.residenceVariant')}</legend>
          <div className="choice-list">
            {procedure.residenceVariants.map((variant) => (
              <label key={variant} className="choice">
                <input
                  type="radio"
                  name="residenceVariant"
                  checked={options.residenceVariant === variant}
                  onChange={() => set({ residenceVariant: variant })}
                />
                {t(`variant.${variant}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {procedure?.asks.includes('basis') ? (
        <fieldset className="field-group span-all">
          <legend>{t('options.basis')}</legend>
          <div className="choice-list">
            {procedure.bases.map((basis) => (
              <label key={basis} className="choice">
                <input
                  type="radio"
                  name="basis"
                  checked={options.basis === basis}
                  onChange={() => set({ basis })}
                />
                {t(`basis.${basis}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <div className="field w4">
        <label htmlFor="packet-script">{t('options.script')}</label>
        <select
          id="packet-script"
          value={options.script ?? ''}
          onChange={(e) =>
            set({ script: e.target.value === '' ? null : (e.target.value as 'latn' | 'cyrl') })
          }
        >
          <option value="">{t('options.scriptFromRecord')}</option>
          <option value="cyrl">{t('script.cyrl')}</option>
          <option value="latn">{t('script.latn')}</option>
        </select>
        <div className="field-message">{t('options.scriptHint')}</div>
      </div>

      <div className="field w4">
        <label htmlFor="packet-language">{t('options.language')}</label>
        <select
          id="packet-language"
          value={options.language ?? ''}
          onChange={(e) =>
            set({ language: e.target.value === '' ? null : (e.target.value as 'sr' | 'de' | 'en') })
          }
        >
          <option value="">{t('options.languageFromRecord')}</option>
          {(['sr', 'de', 'en'] as const).map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
        <div className="field-message">{t('options.languageHint')}</div>
      </div>

      {options.procedure === 'id-card' || options.procedure === 'health' ? (
        <div className="field span-all">
          <label className="choice">
            <input
              type="checkbox"
              checked={options.registryRequests ?? false}
              onChange={(e) => set({ registryRequests: e.target.checked })}
            />
            {t(`options.registryRequests.${options.procedure}`)}
          </label>
          <div className="field-message">{t(`options.registryRequestsHint.${options.procedure}`)}</div>
        </div>
      ) : null}
      {options.procedure === 'health' && options.registryRequests ? (
        <fieldset className="field-group span-all">
          <legend>{t('options.registryPurpose')}</legend>
          <div className="choice-list">
            {(['health-protection', 'social-protection'] as const).map((purpose) => (
              <label key={purpose} className="choice">
                <input
                  type="radio"
                  name="registryPurpose"
                  checked={(options.registryPurpose ?? 'health-protection') === purpose}
                  onChange={() => set({ registryPurpose: purpose })}
                />
                {t(`options.purpose.${purpose}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {options.procedure === 'residence' ? (
        <div className="field span-all">
          <label className="choice">
            <input
              type="checkbox"
              checked={options.newborn ?? false}
              onChange={(e) => set({ newborn: e.target.checked })}
            />
            {t('options.newborn')}
          </label>
        </div>
      ) : null}

      <OptionText
        id="desk"
        label={t('field.options.desk')}
        value={options.desk}
        onChange={(desk) => set({ desk })}
        className="w4"
      />
      {textOptions.map((name) => (
        <OptionText
          key={name}
          id={name}
          label={t(`field.options.${name}`)}
          value={options[name]}
          onChange={(value) => set({ [name]: value })}
          className="w4"
        />
      ))}
      {options.procedure === 'residence' ? (
        <Field
          label={t('field.options.settledOn')}
          problem={settledProblem ?? undefined}
          hint={t('options.settledOnHint')}
          className="w4"
        >
          {(control) => (
            <DateInput
              {...control}
              value={options.settledOn ?? ''}
              onBlur={() => setSettledProblem(dateProblem(options.settledOn ?? ''))}
              onChange={(settledOn) => {
                setSettledProblem(null);
                set({ settledOn: settledOn || null });
              }}
            />
          )}
        </Field>
      ) : null}
      {options.procedure === 'residence' && (options.residenceVariant ?? 'dwelling') === 'dwelling' ? (
        <fieldset className="field-group span-all">
          <legend>{t('options.owner')}</legend>
          <div className="form-grid">
            <OptionText
              id="owner-name"
              label={t('field.options.owner.fullName')}
              value={options.owner?.fullName}
              onChange={(fullName) => set({ owner: { ...options.owner, fullName } })}
              className="w3"
            />
            <OptionText
              id="owner-jmbg"
              label={t('field.options.owner.jmbg')}
              value={options.owner?.jmbg}
              onChange={(jmbg) => set({ owner: { ...options.owner, jmbg } })}
            />
            <OptionText
              id="owner-address"
              label={t('field.options.owner.address')}
              value={options.owner?.address}
              onChange={(address) => set({ owner: { ...options.owner, address } })}
              className="w3"
            />
          </div>
          <div className="field-message">{t('options.ownerHint')}</div>
        </fieldset>
      ) : null}

      {procedure && procedure.fees.length > 0 ? (
        <fieldset className="field-group span-all">
          <legend>{t('options.waivers')}</legend>
          {procedure.fees
            .filter((fee) => options.registryRequests || !REGISTRY_FEES.has(fee))
            .map((fee) => {
              const waiver = waiverOf(fee);
              return (
                <div key={fee} className="field">
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={waiver !== undefined}
                      onChange={(e) => setWaiver(fee, e.target.checked ? '' : null)}
                    />
                    {t('options.waive', { fee: t(`fee.${fee}`, { defaultValue: fee }) })}
                  </label>
                  {waiver ? (
                    <>
                      <input
                        aria-label={t('options.legalBasis')}
                        aria-invalid={waiver.legalBasis.trim().length < 3 ? true : undefined}
                        placeholder={t('options.legalBasisPlaceholder')}
                        value={waiver.legalBasis}
                        onChange={(e) => setWaiver(fee, e.target.value)}
                      />
                      {waiver.legalBasis.trim().length < 3 ? (
                        <div className="field-message field-message--error">
                          {t('options.legalBasisRequired')}
                        </div>
                      ) : null}
                    </>
                  ) : null}
                </div>
              );
            })}
        </fieldset>
      ) : null}
    </div>
  );
}

function OptionText({
  id,
  label,
  value,
  onChange,
  className,
}: {
  id: string;
  label: string;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  className?: string;
}) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={`packet-${id}`}>{label}</label>
      <input
        id={`packet-${id}`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      />
    </div>
  );
}
