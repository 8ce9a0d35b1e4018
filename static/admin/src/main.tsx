import '@atlaskit/css-reset';
import './app.css';
import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Follow the host's light/dark theme. Cosmetic: the page must not depend on it.
Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
