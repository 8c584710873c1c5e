/**
 * A stack as a list of frames; source frames are buttons that open Sources (never links: a URL
 * from the page must not become an `href`).
 */
import { t } from '../i18n';
import { useDevtoolsApi } from '../devtools-api';
import { fileName, isApplicationFrame, parseStack, stackPlaceholderKey } from '../stack';

export function StackTrace(props: { stack: string; testId?: string }) {
  const api = useDevtoolsApi();
  const lines = parseStack(props.stack);
  if (lines.length === 0) return <div className="muted">{t('detail.noStack')}</div>;
  const placeholder = stackPlaceholderKey(props.stack);
  if (placeholder) {
    return (
      <div className="muted" data-testid={props.testId}>
        {t(placeholder)}
      </div>
    );
  }
  return (
    <ol className="stack" data-testid={props.testId}>
      {lines.map(({ raw, frame }, i) => (
        <li
          key={i}
          className={`stack-frame ${frame && !isApplicationFrame(frame) ? 'stack-frame-ext' : ''}`}
        >
          {frame ? (
            <>
              <span className="stack-fn">{frame.fn || t('stack.anonymous')}</span>
              <button
                type="button"
                className="link-button"
                title={t('detail.openSource', { file: frame.url })}
                data-testid="stack-frame-link"
                data-url={frame.url}
                onClick={() => void api.openResource(frame.url, frame.line, frame.column)}
              >
                {`${fileName(frame.url)}:${frame.line}:${frame.column}`}
              </button>
            </>
          ) : (
            <span className="stack-raw">{raw}</span>
          )}
        </li>
      ))}
    </ol>
  );
}
