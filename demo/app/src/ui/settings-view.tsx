/**
 * Settings: token rotation (ticket 29 acceptance: "on token change a controlled reconnect happens
 * with no parallel connections") and fault injection on the demo server, to cause the drops and
 * terminal errors of the ticket on demand.
 */
import { useState, type ReactNode } from 'react';
import { dropAllStreams, setFault, type FaultMode } from '../api/orders-api';
import { authStore, useAuthToken } from '../auth/auth';
import { maskToken } from '../auth/auth-store';

const FAULTS: readonly { mode: FaultMode; label: string }[] = [
  { mode: 'drop', label: 'Next 3 streams drop at once (transient)' },
  { mode: 'status500', label: 'Next 3 stream requests get 500 (terminal)' },
  { mode: 'unauthorized', label: 'Next 3 stream requests get 401 (terminal)' },
];

export function SettingsView({ diagnostics }: { diagnostics: ReactNode }) {
  const token = useAuthToken();
  const [result, setResult] = useState<string | null>(null);
  const act = (label: string, action: () => Promise<string>): void => {
    action().then(
      (text) => setResult(`${label}: ${text}`),
      (error: unknown) =>
        setResult(`${label} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  return (
    <section>
      <h1>Settings</h1>
      <h2>Access token</h2>
      <p>
        Current token: <code data-testid="token">{maskToken(token)}</code>
      </p>
      <button
        type="button"
        data-testid="rotate-token"
        onClick={() => setResult(`rotated to ${maskToken(authStore.rotate())}`)}
      >
        Rotate token
      </button>
      <h2>Fault injection (demo server)</h2>
      <div className="buttons">
        <button
          type="button"
          data-testid="drop-all"
          onClick={() => act('drop all streams', async () => `${await dropAllStreams()} dropped`)}
        >
          Drop every live stream now
        </button>
        {FAULTS.map(({ mode, label }) => (
          <button
            key={mode}
            type="button"
            data-testid={`fault-${mode}`}
            onClick={() => act(label, async () => (await setFault(mode, 3), 'set'))}
          >
            {label}
          </button>
        ))}
        <button
          type="button"
          onClick={() => act('clear faults', async () => (await setFault('none'), 'cleared'))}
        >
          Clear faults
        </button>
      </div>
      {result !== null ? (
        <p className="muted" data-testid="settings-result">
          {result}
        </p>
      ) : null}
      <h2>Client diagnostics</h2>
      {diagnostics}
    </section>
  );
}
