import '@manabee/ui/tokens.css';
import './app.css';
import { applyTheme, readTheme } from '@manabee/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGraphQLClient } from './api/client';
import { App } from './app';
import { createI18n, initialLanguage } from './i18n/index';

applyTheme(readTheme());

const i18n = await createI18n(initialLanguage());
const client = createGraphQLClient();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} i18n={i18n} />
    </StrictMode>,
  );
}
