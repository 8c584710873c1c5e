/**
 * Entry: pick the mode for this page load, load only that mode's code, render it in StrictMode
 * (dev StrictMode double-mounts, as in the ticket's admin app). Nothing else.
 */
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { readStoredMode, resolveMode } from './mode';
import './ui/styles.css';

const mode = resolveMode(window.location.search, readStoredMode(window.localStorage));
document.documentElement.dataset.mode = mode;
document.title = `[${mode}] ${document.title}`;

// Dynamic imports: fixed mode never even evaluates the legacy modules, and vice versa.
const App: ComponentType =
  mode === 'legacy'
    ? (await import('./legacy/legacy-app')).LegacyApp
    : (await import('./fixed/fixed-app')).FixedApp;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
