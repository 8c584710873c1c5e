/**
 * Settings of the inspected origin (saved in chrome.storage.local). Fields are edited as text and
 * applied when valid on blur or Enter; an invalid value is marked and not applied.
 */
import { useState, type KeyboardEvent } from 'react';
import { useInsight } from '../acceptance/view-store';
import { t, type StringKey } from '../i18n';
import { NetworkCaptureSwitch } from './NetworkCapture';
import {
  DEFAULT_PANEL_SETTINGS,
  isValidGlobalName,
  isValidParamName,
  parseList,
  SETTING_BOUNDS,
  type PanelSettings,
} from '../settings/panel-settings';
import '../theme/insight.css';

interface Field {
  readonly id: string;
  readonly label: StringKey;
  readonly hint?: StringKey;
  readonly value: (s: PanelSettings) => string;
  /** The patch for valid text, null for invalid. */
  readonly parse: (text: string) => Partial<PanelSettings> | null;
}

const intIn = (text: string, b: { min: number; max: number }): number | null => {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= b.min && n <= b.max ? n : null;
};

const MB = 1024 * 1024;

const FIELDS: readonly Field[] = [
  {
    id: 'expectedPerEndpoint',
    label: 'settings.expected',
    value: (s) => String(s.expectedPerEndpoint),
    parse: (t) => {
      const n = intIn(t, SETTING_BOUNDS.expectedPerEndpoint);
      return n === null ? null : { expectedPerEndpoint: n };
    },
  },
  {
    id: 'endpointPath',
    label: 'settings.endpoint',
    value: (s) => s.endpointPath,
    parse: (t) => (/^\/[^\s?#]*$/.test(t.trim()) ? { endpointPath: t.trim() } : null),
  },
  {
    id: 'debugGlobals',
    label: 'settings.debugGlobals',
    hint: 'settings.debugGlobals.hint',
    value: (s) => s.debugGlobals.join(', '),
    parse: (t) => {
      const list = parseList(t);
      return list.length <= SETTING_BOUNDS.debugGlobals && list.every(isValidGlobalName)
        ? { debugGlobals: list }
        : null;
    },
  },
  {
    id: 'pollMs',
    label: 'settings.pollMs',
    value: (s) => String(s.pollMs),
    parse: (t) => {
      const n = intIn(t, SETTING_BOUNDS.pollMs);
      return n === null ? null : { pollMs: n };
    },
  },
  {
    id: 'redactParams',
    label: 'settings.redact',
    hint: 'settings.redact.hint',
    value: (s) => s.redactParams.join(', '),
    parse: (t) => {
      const list = parseList(t);
      return list.length <= SETTING_BOUNDS.redactParams && list.every(isValidParamName)
        ? { redactParams: list }
        : null;
    },
  },
  {
    id: 'bufferBytes',
    label: 'settings.bufferMb',
    value: (s) => String(+(s.bufferBytes / MB).toFixed(2)),
    parse: (t) => {
      const n = Math.round(Number(t.trim()) * MB);
      return Number.isFinite(n) &&
        n >= SETTING_BOUNDS.bufferBytes.min &&
        n <= SETTING_BOUNDS.bufferBytes.max
        ? { bufferBytes: n }
        : null;
    },
  },
  {
    id: 'dataCap',
    label: 'settings.dataCap',
    value: (s) => String(s.dataCap),
    parse: (t) => {
      const n = intIn(t, SETTING_BOUNDS.dataCap);
      return n === null ? null : { dataCap: n };
    },
  },
  {
    id: 'reconnectStormPerMinute',
    label: 'settings.stormPerMinute',
    hint: 'settings.stormPerMinute.hint',
    value: (s) => String(s.reconnectStormPerMinute),
    parse: (t) => {
      const n = intIn(t, SETTING_BOUNDS.reconnectStormPerMinute);
      return n === null ? null : { reconnectStormPerMinute: n };
    },
  },
];

export function SettingsPanel() {
  const open = useInsight((s) => s.settingsOpen);
  const settings = useInsight((s) => s.settings);
  const origin = useInsight((s) => s.origin);
  const error = useInsight((s) => s.settingsError);
  const update = useInsight((s) => s.updateSettings);
  const setOpen = useInsight((s) => s.setSettingsOpen);
  if (!open) return null;
  return (
    <section className="settings" aria-label={t('settings.title')} data-testid="settings-panel">
      <div className="settings-grid">
        {FIELDS.map((f) => (
          <SettingField
            key={`${f.id}:${f.value(settings)}`}
            field={f}
            settings={settings}
            onApply={update}
          />
        ))}
        <NetworkCaptureSwitch id="settings-network-capture" />
      </div>
      <div className="settings-footer">
        <span>
          {origin !== null
            ? t('settings.origin', { origin: origin || '—' })
            : t('settings.originUnknown')}
        </span>
        {error ? <span className="text-error">{t('settings.error', { error })}</span> : null}
        <span className="insight-spacer" />
        <button
          type="button"
          className="report-button"
          onClick={() => update(DEFAULT_PANEL_SETTINGS)}
        >
          {t('settings.reset')}
        </button>
        <button type="button" className="report-button" onClick={() => setOpen(false)}>
          {t('settings.close')}
        </button>
      </div>
    </section>
  );
}

function SettingField(props: {
  field: Field;
  settings: PanelSettings;
  onApply: (patch: Partial<PanelSettings>) => void;
}) {
  const { field, settings } = props;
  const [text, setText] = useState(() => field.value(settings));
  const [invalid, setInvalid] = useState(false);
  const apply = () => {
    const patch = field.parse(text);
    setInvalid(patch === null);
    if (patch && text !== field.value(settings)) props.onApply(patch);
  };
  const inputId = `setting-${field.id}`;
  return (
    <>
      <label htmlFor={inputId}>{t(field.label)}</label>
      <input
        id={inputId}
        value={text}
        aria-invalid={invalid}
        data-testid={inputId}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') apply();
        }}
      />
      <span className="settings-hint">
        {invalid ? (
          <span className="text-error">{t('settings.invalid', { field: t(field.label) })}</span>
        ) : field.hint ? (
          t(field.hint)
        ) : null}
      </span>
    </>
  );
}

export function SettingsButton() {
  const open = useInsight((s) => s.settingsOpen);
  const setOpen = useInsight((s) => s.setSettingsOpen);
  return (
    <button
      type="button"
      className="toolbar-button"
      title={t('settings.open')}
      aria-label={t('settings.open')}
      aria-pressed={open}
      aria-expanded={open}
      data-testid="settings-button"
      onClick={() => setOpen(!open)}
    >
      <svg
        width="16"
        height="16"
        viewBox="0 0 16 16"
        aria-hidden="true"
        focusable="false"
        fill="currentColor"
      >
        <path d="M6.9 1h2.2l.4 1.9 1.1.5 1.7-1 1.5 1.5-1 1.7.5 1.1 1.9.4v2.2l-1.9.4-.5 1.1 1 1.7-1.5 1.5-1.7-1-1.1.5-.4 1.9H6.9l-.4-1.9-1.1-.5-1.7 1-1.5-1.5 1-1.7-.5-1.1L1 9.1V6.9l1.9-.4.5-1.1-1-1.7 1.5-1.5 1.7 1 1.1-.5L6.9 1ZM8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5Z" />
      </svg>
    </button>
  );
}
