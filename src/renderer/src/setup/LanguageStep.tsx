import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Script } from '../../../shared/script';
import { LANGUAGES } from '../i18n';
import { switchLanguage } from '../settings/language';
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
  const { t, i18n } = useTranslation('setup');
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
        <div className="choice-list" role="radiogroup" aria-labelledby={headingId}>
          {LANGUAGES.map((language) => (
            <label key={language} className="choice" lang={language}>
              <input
                type="radio"
                name="setup-ui-language"
                value={language}
                checked={i18n.language === language}
                autoFocus={i18n.language === language}
                onChange={() => switchLanguage(i18n, language)}
              />
              {t(`settings:language.name.${language}`, { lng: language })}
            </label>
          ))}
        </div>
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
