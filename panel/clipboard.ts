/**
 * Copy text from a DevTools panel. `navigator.clipboard` is often refused inside DevTools frames
 * (no focus, or the permissions policy), so fall back to a hidden textarea + execCommand, which
 * still works from a user gesture there.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (doc.defaultView?.navigator.clipboard) {
      await doc.defaultView.navigator.clipboard.writeText(text);
      return true;
    }
  } catch (error) {
    // Expected in DevTools panels: the async clipboard is denied; the legacy path below works.
    console.debug('[SSE panel] clipboard API refused, using execCommand', error);
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } finally {
    area.remove();
  }
}
