/**
 * src/renderer — the React UI, the same in Electron and in a browser over the web host. It imports
 * only `src/shared` and reaches the core only through `window.api` (see api.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { logUncaughtErrors } from './desktop-bridge';
import { createI18n } from './i18n';
import { storedLanguage } from './settings/language';
import './styles.css';

logUncaughtErrors();
const i18n = createI18n(storedLanguage());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
