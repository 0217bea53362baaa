import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Script } from '../../../shared/script';
import { LanguageChoice } from '../settings/LanguageChoice';
import { PacketScriptChoice } from './OfficeFields';

/** Step 1: the UI language (applies at once, as in Settings) and the script of printed packets. */
export function LanguageStep({
  packetScript,
  onPacketScript,
  onNext,
}: {
  packetScript: Script;
  onPacketScript: (script: Script) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('setup');
  const headingId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    onNext();
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('language.heading')}</h1>
      <p className="muted">{t('language.intro')}</p>
      <div className="field">
        <span className="setup-choice-heading" id={headingId}>
          {t('language.ui')}
        </span>
        <LanguageChoice labelledBy={headingId} name="setup-ui-language" autoFocus />
        <div className="field-message">{t('language.uiHint')}</div>
      </div>
      <PacketScriptChoice value={packetScript} onChange={onPacketScript} />
      <div className="form-actions setup-actions">
        <button type="submit" className="button-primary">
          {t('action.next')}
        </button>
      </div>
    </form>
  );
}
