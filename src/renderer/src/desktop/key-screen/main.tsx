/**
 * The key screen's page (key.html): shown by the desktop app before its core starts, when the
 * database key needs the office admin's recovery key or the start-up passphrase
 * (src/main/key-screen.ts). It talks to main only through `window.desktop` (key.* requests).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../i18n';
import { storedLanguage } from '../../settings/language';
import { logUncaughtErrors } from '../../desktop-bridge';
import { KeyScreenPage } from './KeyScreenPage';
import '../../styles.css';

logUncaughtErrors();
const root = document.getElementById('root');
if (!root) throw new Error('key.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={createI18n(storedLanguage())}>
      <KeyScreenPage />
    </I18nextProvider>
  </StrictMode>,
);
