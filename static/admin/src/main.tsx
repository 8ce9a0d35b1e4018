import '@atlaskit/css-reset';
import './app.css';
import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { HostContextValue, loadHostContext } from './host-context';

// Follow the host's light/dark theme. Cosmetic: the page must not depend on it.
Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Which module is showing the resource decides what to render, so the context comes first.
void loadHostContext().then((host) => {
  createRoot(root).render(
    <StrictMode>
      <HostContextValue.Provider value={host}>
        <App />
      </HostContextValue.Provider>
    </StrictMode>,
  );
});
