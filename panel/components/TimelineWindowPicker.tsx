/** The window the timeline shows and the acceptance criteria judge: whole session, last N, or a selection. */
import { LAST_PRESETS, type WindowChoice } from '../acceptance/window';
import { useInsight } from '../acceptance/view-store';
import { formatDuration, formatTime } from '../format';
import { t } from '../i18n';

function valueOf(w: WindowChoice): string {
  return w.kind === 'session' ? 'session' : w.kind === 'last' ? `last:${w.ms}` : 'range';
}

export function TimelineWindowPicker() {
  const window = useInsight((s) => s.window);
  const setWindow = useInsight((s) => s.setWindow);
  return (
    <label className="window-picker">
      <span>{t('window.label')}</span>
      <select
        value={valueOf(window)}
        aria-label={t('window.label')}
        data-testid="window-select"
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === 'session') setWindow({ kind: 'session' });
          else if (v.startsWith('last:')) setWindow({ kind: 'last', ms: Number(v.slice(5)) });
        }}
      >
        <option value="session">{t('window.session')}</option>
        {LAST_PRESETS.map((ms) => (
          <option key={ms} value={`last:${ms}`}>
            {t('window.last', { n: formatDuration(ms) })}
          </option>
        ))}
        {window.kind === 'range' ? (
          <option value="range">
            {t('window.range', { from: formatTime(window.from), to: formatTime(window.to) })}
          </option>
        ) : null}
      </select>
    </label>
  );
}
