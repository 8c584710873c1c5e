/** A pane-level error boundary: the rest of the panel keeps working if one pane breaks. */
import type { ReactNode } from 'react';
import { t } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';

export function Pane(props: { children: ReactNode; className?: string }) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <div className="pane-error" role="alert" data-testid="pane-error">
          {t('pane.error', { error: error.message })}{' '}
          <button type="button" className="text-button" onClick={reset}>
            {t('pane.retry')}
          </button>
        </div>
      )}
    >
      {props.children}
    </ErrorBoundary>
  );
}
