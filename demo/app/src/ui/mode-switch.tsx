/** Switches legacy/fixed: stores the choice and reloads (leaked connections only die with the page). */
import { storeMode, urlForMode, type AppMode } from '../mode';

export function ModeSwitch({ mode }: { mode: AppMode }) {
  const switchTo = (next: AppMode): void => {
    storeMode(window.localStorage, next);
    window.location.assign(urlForMode(window.location.href, next));
  };
  return (
    <span className="mode-switch" role="group" aria-label="Client mode">
      {(['legacy', 'fixed'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className={m === mode ? 'active' : ''}
          aria-pressed={m === mode}
          data-testid={`mode-${m}`}
          onClick={() => m !== mode && switchTo(m)}
        >
          {m}
        </button>
      ))}
    </span>
  );
}
