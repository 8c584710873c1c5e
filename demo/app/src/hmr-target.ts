/**
 * The file the HMR check edits (ticket 29, stage 4: "make a small edit (HMR) — no extra
 * connection"). `demo/app/hmr-edit.ts` rewrites the banner line; keep it a single line.
 *
 * Imported by the dashboard (so the edit is visible) and by both SSE client modules, so an edit
 * re-evaluates them: the legacy module-level client gets a second copy that keeps its
 * connection (hypothesis 5); the fixed client is a globalThis singleton and survives.
 */
export const HMR_BANNER = 'Welcome to the admin demo';
