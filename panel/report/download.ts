/** Saves text as a file from the panel page: a Blob URL on a temporary `<a download>`. */
export function downloadText(
  fileName: string,
  text: string,
  mime: string,
  doc: Document = document,
): void {
  const view = doc.defaultView;
  if (!view) throw new Error('no window to download from');
  const url = view.URL.createObjectURL(new view.Blob([text], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // The download has started from the click; give it a moment before the URL goes away.
    view.setTimeout(() => view.URL.revokeObjectURL(url), 10_000);
  }
}

/** `sse-evidence-127.0.0.1_8080-2024-05-01T10-20-30.json` */
export function evidenceFileName(
  kind: 'evidence' | 'har',
  origin: string,
  at: Date,
  ext: 'json' | 'md' | 'har',
): string {
  const host = origin.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9.-]+/g, '_') || 'page';
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/:/g, '-');
  return `sse-${kind}-${host}-${stamp}.${ext}`;
}

/** Reads a user-chosen file as text (File.text is available in every supported Chrome). */
export function readFileText(file: Blob): Promise<string> {
  return file.text();
}
