import type { i18n } from 'i18next';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n';

/** The UI language is a choice of this PC (localStorage), applied before the first render. */
const STORAGE_KEY = 'msc-desk.language';

/** The language chosen on this PC, or the default. */
export function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function switchLanguage(instance: i18n, language: Language): void {
  void instance.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be off (a locked-down profile); the switch still applies to this session.
  }
}
