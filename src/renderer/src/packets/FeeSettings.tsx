import { useTranslation } from 'react-i18next';
import type { FeeEntry, FeeEntryInput } from '../../../shared/packets';
import { formatAccount } from '../../../shared/payment/account';
import { formatAmount } from '../../../shared/payment/money';
import { api } from '../api';
import { formatDate, todayIso } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { checkFeeDraft, feeDraftFrom, type FeeDraft } from './fee-form';
import { MunicipalitySettings } from './MunicipalitySettings';
import {
  HistoryToggle,
  useVersionEditor,
  useVersionList,
  VersionForm,
  VersionTable,
  type VersionFormProps,
} from './VersionForm';

/**
 * Settings → fees and municipality codes: the versions in force today (or every version), and a
 * form to add a new version in force from its date. The same checks as the core, shown per field
 * before anything is sent; packets already printed keep the version they used.
 */
export function FeeSettings() {
  const { t } = useTranslation('packets');
  return (
    <div>
      <section className="form-section">
        <h2>{t('settings.feesTitle')}</h2>
        <p className="muted">{t('settings.feesIntro')}</p>
        <FeeTable />
      </section>
      <section className="form-section">
        <h2>{t('settings.codesTitle')}</h2>
        <p className="muted">{t('settings.codesIntro')}</p>
        <MunicipalitySettings />
      </section>
    </div>
  );
}

const loadFees = (history: boolean) => api.call('fees.list', { history });

/**
 * One status per version, never two: the one in force today is "to be confirmed" while it still
 * comes from the sourced data unchecked (packets warn about it), else "in force"; the others are
 * scheduled or superseded.
 */
type FeeStatus = 'verify' | 'current' | 'upcoming' | 'superseded';

export function feeStatus(
  fee: Pick<FeeEntry, 'verify' | 'current' | 'effectiveFrom'>,
  today: string,
): FeeStatus {
  if (fee.current) return fee.verify ? 'verify' : 'current';
  return fee.effectiveFrom > today ? 'upcoming' : 'superseded';
}

const STATUS_BADGE: Record<FeeStatus, string> = {
  verify: 'badge badge-warning',
  current: 'badge badge-ok',
  upcoming: 'badge',
  superseded: 'badge',
};

function FeeTable() {
  const { t } = useTranslation('packets');
  const { history, setHistory, items, error, edit, form } = useVersionList<FeeEntry, FeeDraft>(loadFees);
  const today = todayIso();

  // Five columns that wrap, so the table fits its card at 1366×768 in every language: the payee
  // under the fee, the reference under the account, the date under the status.
  return (
    <div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <HistoryToggle history={history} onChange={setHistory} />
      <VersionTable
        className="fee-table"
        headers={[
          t('fee.column.label'),
          t('fee.column.amount'),
          t('fee.column.payment'),
          t('fee.column.status'),
        ]}
        rows={items ?? []}
        onNewVersion={(fee) => edit(feeDraftFrom(fee, todayIso()))}
        cells={(fee) => {
          const status = feeStatus(fee, today);
          return (
            <>
              <td>
                {fee.label}
                <div className="muted" title={fee.source}>
                  {fee.recipient} · {fee.purpose}
                </div>
              </td>
              <td className="nowrap">{t('money', { amount: formatAmount(fee.amountPara) })}</td>
              <td>
                <span className="mono nowrap">
                  {fee.account ? formatAccount(fee.account) : t('fee.policeAdministrationAccount')}
                </span>
                <div className="muted">
                  {fee.model} {t(`fee.referenceKind.${fee.referenceKind}`)} {fee.reference ?? ''}
                  {fee.codeFrom === 'registry-office' ? <> · {t('fee.registryOfficeCode')}</> : null}
                </div>
              </td>
              <td>
                <span
                  className={STATUS_BADGE[status]}
                  title={status === 'verify' ? t('settings.confirmAtCounter') : undefined}
                >
                  {t(`settings.status.${status}`)}
                </span>
                <div className="muted nowrap">{t('fee.since', { date: formatDate(fee.effectiveFrom) })}</div>
              </td>
            </>
          );
        }}
      />
      {form ? <FeeForm {...form} /> : null}
    </div>
  );
}

const saveFee = (fee: FeeEntryInput) => api.call('fees.save', { fee });

const REFERENCE_KINDS = ['municipality', 'fixed', 'none'] as const;

/** A new version of one fee: who is paid, how much, to which account and with which reference. */
function FeeForm(props: VersionFormProps<FeeDraft>) {
  const { t } = useTranslation('packets');
  const editor = useVersionEditor('fee', props, checkFeeDraft, saveFee);
  const { draft, set, field, text } = editor;
  return (
    <VersionForm editor={editor} onCancel={props.onCancel}>
      <h3 className="span-all">{t('settings.newVersionOf', { label: draft.label })}</h3>
      {text('label', 'span-all')}
      {text('recipient', 'w4')}
      {text('purpose', 'w4')}
      {text('amount', 'w1')}
      {text('account', 'w3')}
      {text('paymentBasis', 'w1')}
      {text('model', 'w1')}
      {field('referenceKind', 'w3', (id) => (
        <select
          id={id}
          value={draft.referenceKind}
          onChange={(e) => set({ referenceKind: e.target.value as FeeDraft['referenceKind'] })}
        >
          {REFERENCE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`fee.referenceKind.${kind}`)}
            </option>
          ))}
        </select>
      ))}
      {draft.referenceKind === 'fixed' ? text('reference', 'w1') : null}
      {editor.effectiveFrom()}
      {field('source', 'span-all', (id) => (
        <textarea
          id={id}
          rows={2}
          value={draft.source}
          placeholder={t('settings.sourcePlaceholder')}
          onChange={(e) => set({ source: e.target.value })}
        />
      ))}
    </VersionForm>
  );
}
