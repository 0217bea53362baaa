import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/client';
import type { ProcedureInfo } from '../../../shared/contract/packets';
import type { PacketOptionsInput, PacketRecord, Preflight } from '../../../shared/packets';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { PacketOptionsForm } from './PacketOptionsForm';
import { PdfPreview } from './PdfPreview';
import { PreflightList } from './PreflightList';

export interface PrintPacketDialogProps {
  /** The client the packet is for; the dialog loads the record itself and keeps it current. */
  clientId: string;
  onClose: () => void;
  /** Called after a packet is generated, printed or saved (e.g. to refresh the profile's packet list). */
  onPacket?: (packet: PacketRecord) => void;
  /** When the host has a Settings page for fees and codes, a link to it is offered for problems only an admin can fix. */
  onOpenSettings?: () => void;
  /**
   * "Save and print" (Alt+P on the client form): check the default packet at once and, when the
   * check finds nothing at all, make the PDF at once, so the person lands on "Print". Any problem
   * or warning stops at the check, as when it is run by hand.
   */
  straightToPdf?: boolean;
}

type Step = 'options' | 'preflight' | 'preview';

/** What the options schema demands before preflight can run: a basis for health, a legal basis for each waiver. */
function optionsComplete(options: PacketOptionsInput): boolean {
  if (options.procedure === 'health' && !options.basis) return false;
  return (options.waivers ?? []).every((waiver) => waiver.legalBasis.trim().length >= 3);
}

/**
 * "Print packet" from a client's profile: procedure and options → preflight with fixes in place →
 * preview of the real PDF → print or save. A modal `<dialog>`; render it only while it is open.
 */
export function PrintPacketDialog({
  clientId,
  onClose,
  onPacket,
  onOpenSettings,
  straightToPdf = false,
}: PrintPacketDialogProps) {
  const { t } = useTranslation('packets');
  const dialog = useRef<HTMLDialogElement>(null);
  const [procedures, setProcedures] = useState<ProcedureInfo[] | null>(null);
  const [client, setClient] = useState<Client | null>(null);
  const [options, setOptions] = useState<PacketOptionsInput>({ procedure: 'residence' });
  const [step, setStep] = useState<Step>('options');
  const [preflight, setPreflight] = useState<Preflight | null>(null);
  const [rendered, setRendered] = useState<{ packet: PacketRecord; pdfBase64: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    dialog.current?.showModal();
    let current = true;
    Promise.all([api.call('packets.procedures', {}), api.call('clients.get', { id: clientId })]).then(
      ([list, record]) => {
        if (!current) return;
        const first: PacketOptionsInput = {
          procedure: 'residence',
          residenceVariant: record.residenceStatus === 'registered_csr' ? 'csr' : 'dwelling',
        };
        setProcedures(list.items);
        setClient(record);
        setOptions(first);
        if (straightToPdf) void check(first, { makeWhenClean: true });
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
    // Once per client: `check` only uses setters and the call's arguments.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clientId]);

  async function check(next: PacketOptionsInput = options, then = { makeWhenClean: false }) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('packets.preflight', { clientId, options: next });
      setPreflight(result);
      setStep('preflight');
      if (then.makeWhenClean && result.problems.length === 0) await render(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function render(next: PacketOptionsInput = options) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('packets.render', { clientId, options: next });
      if (result.status === 'blocked') {
        setPreflight(result.preflight);
        setStep('preflight');
        return;
      }
      setRendered({ packet: result.packet, pdfBase64: result.pdfBase64 });
      setStep('preview');
      onPacket?.(result.packet);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function changeOptions(next: PacketOptionsInput) {
    setOptions(next);
    if (step === 'preflight') void check(next);
  }

  return (
    <dialog
      ref={dialog}
      className="dialog"
      style={{ width: 'min(1000px, 96vw)' }}
      aria-labelledby="print-packet-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id="print-packet-title">{t('dialog.title')}</h2>
      <ol className="plain-list" aria-label={t('dialog.steps')} style={{ display: 'flex', gap: '1.5em' }}>
        {(['options', 'preflight', 'preview'] as const).map((s) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={s === step ? '' : 'muted'}>
            {t(`step.${s}`)}
          </li>
        ))}
      </ol>
      <div className="dialog-body">
        {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
        {!procedures || !client ? (
          error ? null : (
            <p>{t('common:loading')}</p>
          )
        ) : step === 'options' ? (
          <PacketOptionsForm procedures={procedures} options={options} onChange={setOptions} />
        ) : step === 'preflight' && preflight ? (
          <PreflightList
            preflight={preflight}
            client={client}
            options={options}
            onClientSaved={(saved) => {
              setClient(saved);
              void check();
            }}
            onOptionsChange={changeOptions}
            onOpenSettings={onOpenSettings}
          />
        ) : step === 'preview' && rendered ? (
          <PdfPreview
            packet={rendered.packet}
            pdfBase64={rendered.pdfBase64}
            surname={client.names.latn.surname}
            onRecorded={(packet) => onPacket?.(packet)}
          />
        ) : null}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {step === 'preview' ? t('action.close') : t('common:action.cancel')}
        </button>
        {step === 'preflight' ? (
          <button type="button" onClick={() => setStep('options')} disabled={busy}>
            {t('action.back')}
          </button>
        ) : null}
        {step === 'options' ? (
          <button
            type="button"
            className="button-primary"
            onClick={() => void check()}
            disabled={busy || !client || !optionsComplete(options)}
          >
            {busy ? t('action.checking') : t('action.check')}
          </button>
        ) : null}
        {step === 'preflight' ? (
          <button
            type="button"
            className="button-primary"
            onClick={() => void render()}
            disabled={busy || (preflight?.blocking ?? 1) > 0}
          >
            {busy ? t('action.making') : t('action.make')}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
