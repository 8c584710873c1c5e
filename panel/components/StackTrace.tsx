/**
 * A stack as a list of frames; source frames are buttons that open Sources (never links: a URL
 * from the page must not become an `href`). Bundled frames show their source-mapped original.
 */
import { t } from '../i18n';
import { useDevtoolsApi } from '../devtools-api';
import { useOriginalPosition } from '../source-maps';
import {
  fileName,
  isApplicationFrame,
  parseStack,
  stackPlaceholderKey,
  type StackFrame,
} from '../stack';

export function StackTrace(props: { stack: string; testId?: string }) {
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
          {frame ? <FrameLink frame={frame} /> : <span className="stack-raw">{raw}</span>}
        </li>
      ))}
    </ol>
  );
}

/**
 * One source frame: its original file:line when the page's source map resolves it (a click opens
 * the original in Sources), with the generated position beside it, still clickable.
 */
function FrameLink(props: { frame: StackFrame }) {
  const { frame } = props;
  const api = useDevtoolsApi();
  const original = useOriginalPosition(api, isApplicationFrame(frame) ? frame : null);
  const generated = `${fileName(frame.url)}:${frame.line}:${frame.column}`;
  const generatedButton = (
    <button
      type="button"
      className={`link-button ${original ? 'stack-generated' : ''}`}
      title={t('detail.openSource', { file: `${frame.url}:${frame.line}:${frame.column}` })}
      data-testid={original ? 'stack-frame-generated' : 'stack-frame-link'}
      data-url={frame.url}
      onClick={() => void api.openResource(frame.url, frame.line, frame.column)}
    >
      {generated}
    </button>
  );
  return (
    <>
      <span className="stack-fn">{frame.fn || original?.name || t('stack.anonymous')}</span>
      {original ? (
        <>
          <button
            type="button"
            className="link-button"
            title={t('stack.openOriginal', {
              file: `${original.url}:${original.line}:${original.column}`,
              generated: `${frame.url}:${frame.line}:${frame.column}`,
            })}
            data-testid="stack-frame-link"
            data-url={original.url}
            data-original="true"
            onClick={() => void api.openResource(original.url, original.line, original.column)}
          >
            {`${fileName(original.url)}:${original.line}:${original.column}`}
          </button>
          <span className="stack-generated-label muted">{t('stack.generatedAt')}</span>
          {generatedButton}
        </>
      ) : (
        generatedButton
      )}
    </>
  );
}
