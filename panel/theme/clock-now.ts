/**
 * "Now" for the live recording: the part-1 panel clock (it ticks every second and stops while
 * capture is paused); before it has ticked (0 in a test without a provider) the wall clock.
 */
import { useState } from 'react';
import { useNow } from '../clock';

export function useClockNow(): number {
  const now = useNow();
  const [mountedAt] = useState(() => Date.now());
  return now > 0 ? now : mountedAt;
}
