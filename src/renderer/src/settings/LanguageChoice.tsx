import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';
import { switchLanguage } from './language';

/**
 * The UI languages as radio buttons, each named in itself (so it can be found whatever the UI
 * shows now); a choice applies at once and is remembered on this PC. Settings and the first-run
 * wizard both offer it.
 */
export function LanguageChoice({
  labelledBy,
  name,
  autoFocus = false,
}: {
  /** The id of the heading that names the group. */
  labelledBy: string;
  name: string;
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation('settings');
  return (
    <div className="choice-list" role="radiogroup" aria-labelledby={labelledBy}>
      {LANGUAGES.map((language) => (
        <label key={language} className="choice" lang={language}>
          <input
            type="radio"
            name={name}
            value={language}
            checked={i18n.language === language}
            autoFocus={autoFocus && i18n.language === language}
            onChange={() => switchLanguage(i18n, language)}
          />
          {t(`language.name.${language}`, { lng: language })}
        </label>
      ))}
    </div>
  );
}
