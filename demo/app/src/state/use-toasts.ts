/** The last few notifications as toasts, each hidden after a few seconds. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationEvent } from '../model/app-event';

const SHOW_MS = 5000;
const MAX_TOASTS = 3;

export function useToasts(): [readonly NotificationEvent[], (toast: NotificationEvent) => void] {
  const [toasts, setToasts] = useState<readonly NotificationEvent[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);
  const push = useCallback((toast: NotificationEvent) => {
    setToasts((current) => [...current, toast].slice(-MAX_TOASTS));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setToasts((current) => current.filter((t) => t !== toast));
    }, SHOW_MS);
    timers.current.add(timer);
  }, []);
  return [toasts, push];
}
