/**
 * One ticking "now" for the whole panel (ages, connects/min), stopped while capture is paused so
 * the frozen view does not keep ageing. Injected through context so tests choose the time.
 */
import { createElement, useEffect, useState, type ReactNode } from 'react';
import { createContextValue } from './react-context';

const Now = createContextValue<number>('Now');

export function NowProvider(props: {
  paused: boolean;
  clock?: () => number;
  intervalMs?: number;
  children: ReactNode;
}) {
  const clock = props.clock ?? Date.now;
  const interval = props.intervalMs ?? 1000;
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (props.paused) return undefined;
    const tick = () => setNow(clock());
    const id = setInterval(tick, interval);
    return () => clearInterval(id);
  }, [props.paused, clock, interval]);
  return createElement(Now.Provider, { value: now }, props.children);
}

export const useNow: () => number = Now.useValue;
