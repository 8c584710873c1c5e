/**
 * Runtime port names carry identity and are parsed here only.
 * - "relay": a content-script relay; the background reads tab/frame from `port.sender`.
 * - "panel:<tabId>": the SSE panel inspecting that tab.
 */
export const RELAY_PORT = 'relay';
const PANEL_PREFIX = 'panel:';

export const panelPortName = (tabId: number): string => `${PANEL_PREFIX}${tabId}`;

export type ParsedPort = { role: 'relay' } | { role: 'panel'; tabId: number } | null;

export function parsePortName(name: string): ParsedPort {
  if (name === RELAY_PORT) return { role: 'relay' };
  if (name.startsWith(PANEL_PREFIX)) {
    const tabId = Number(name.slice(PANEL_PREFIX.length));
    if (Number.isInteger(tabId) && tabId >= 0) return { role: 'panel', tabId };
  }
  return null;
}
