// The window's entry point: connect (Electron preload or the browser host's WebSocket),
// build the store, start the bridge, render: the app, or on a composer window's page
// (`?composer=<draft id>`, shared/composer-window.ts) the composer alone.
import { StrictMode } from 'react';
import { composerDraftId } from '../shared/composer-window.ts';
import { createRoot } from 'react-dom/client';
import { connect } from './api/get-api.ts';
import { startBridge } from './bridge.ts';
import { NoToken } from './components/shell/NoToken.tsx';
import { App } from './components/shell/App.tsx';
import { ComposerWindow } from './components/compose/ComposerWindow.tsx';
import { preloadEditorOnIntent } from './components/compose/Composer.tsx';
import { createAppStore } from './store/app.ts';
import { StoreProvider } from './store/context.tsx';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/list.css';
import './styles/reader.css';
import './styles/forms.css';
import './styles/diagnostics.css';
import './styles/menus.css';
import './styles/compose.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
const result = connect();

if (!result.ok) {
  root.render(<NoToken />);
} else {
  const { connection } = result;
  const draftId = composerDraftId(window.location.search);
  const store = createAppStore({ api: connection.api, routes: connection.routes, now: Date.now });
  startBridge(connection, store, { composerWindow: draftId !== null });
  root.render(
    <StrictMode>
      <StoreProvider store={store} routes={connection.routes}>
        {draftId === null ? <App /> : <ComposerWindow draftId={draftId} />}
      </StoreProvider>
    </StrictMode>,
  );
  // The editor's code, once the user is about to write (Composer.tsx says why not before).
  preloadEditorOnIntent(document);
}
