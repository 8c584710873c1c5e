/** A titled detail-pane section behind its own error boundary. */
import type { ReactNode } from 'react';
import { t } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';

export function Section(props: {
  title: string;
  testId?: string;
  resetKey?: unknown;
  children: ReactNode;
}) {
  return (
    <section className="section" data-testid={props.testId}>
      <h3 className="section-title">{props.title}</h3>
      <ErrorBoundary
        resetKey={props.resetKey}
        fallback={(error) => (
          <div className="section-error" role="alert">
            {t('detail.section.error', { error: error.message })}
          </div>
        )}
      >
        {props.children}
      </ErrorBoundary>
    </section>
  );
}
