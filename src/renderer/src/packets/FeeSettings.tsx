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

function FeeTable() {
  const { t } = useTranslation('packets');
  const { history, setHistory, items, error, edit, form } = useVersionList<FeeEntry, FeeDraft>(loadFees);

  return (
    <div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <HistoryToggle history={history} onChange={setHistory} />
      <VersionTable
        headers={[
          t('fee.column.label'),
          t('fee.column.amount'),
          t('fee.column.account'),
          t('fee.column.reference'),
          t('fee.column.effectiveFrom'),
          t('fee.column.status'),
        ]}
        rows={items ?? []}
        onNewVersion={(fee) => edit(feeDraftFrom(fee, todayIso()))}
        cells={(fee) => (
          <>
            <td>
              {fee.label}
              <div className="muted" title={fee.source}>
                {fee.recipient} · {fee.purpose}
              </div>
            </td>
            <td className="nowrap">{t('money', { amount: formatAmount(fee.amountPara) })}</td>
            <td className="mono nowrap">
              {fee.account ? formatAccount(fee.account) : t('fee.policeAdministrationAccount')}
              {fee.codeFrom === 'registry-office' ? (
                <div className="muted">{t('fee.registryOfficeCode')}</div>
              ) : null}
            </td>
            <td className="nowrap">
              {fee.model} {t(`fee.referenceKind.${fee.referenceKind}`)} {fee.reference ?? ''}
            </td>
            <td className="nowrap">{formatDate(fee.effectiveFrom)}</td>
            <td>
              {fee.verify ? (
                <span className="badge badge-warning">{t('settings.confirmAtCounter')}</span>
              ) : null}{' '}
              {fee.current ? <span className="badge badge-ok">{t('settings.current')}</span> : null}
            </td>
          </>
        )}
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
