// The browser side: hydrates the server's page from the state it embedded,
// then navigates on the client (router/client-router.tsx).
import { hydrateRoot } from 'react-dom/client';
import { ClientRouter } from './router/client-router.js';
import type { PageState } from './router/state.js';
import './styles/theme.css';

const initial = JSON.parse(document.getElementById('tessera-state')?.textContent ?? 'null') as PageState;
const app = document.getElementById('app');
if (initial && app) hydrateRoot(app, <ClientRouter initial={initial} />);
