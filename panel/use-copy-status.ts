/**
 * The outcome of the last copy, shown on the button for a moment and then forgotten, so the
 * button offers to copy again (Chrome DevTools' own "Copied" feedback is just as brief).
 */
import { useCallback, useEffect, useState } from 'react';

export type CopyStatus = 'ok' | 'failed' | null;

/** How long "Copied" / "Copy failed" stays on the button. */
export const COPY_STATUS_MS = 2000;

export function useCopyStatus(ms: number = COPY_STATUS_MS): [CopyStatus, (ok: boolean) => void] {
  // A counter, not only the status: a second copy while "Copied" shows restarts the countdown.
  const [last, setLast] = useState<{ status: CopyStatus; n: number }>({ status: null, n: 0 });
  useEffect(() => {
    if (last.status === null) return undefined;
    const id = setTimeout(() => setLast((l) => ({ status: null, n: l.n })), ms);
    return () => clearTimeout(id);
  }, [last, ms]);
  const report = useCallback(
    (ok: boolean) => setLast((l) => ({ status: ok ? 'ok' : 'failed', n: l.n + 1 })),
    [],
  );
  return [last.status, report];
}
