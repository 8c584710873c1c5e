/**
 * Caps applied to everything that crosses out of the page. The page is untrusted: a record that
 * breaks a cap is refused (and counted), never trimmed silently by a later hop.
 */
export const LIMITS = {
  /** Records in one page → relay batch. */
  maxRecordsPerBatch: 2000,
  /** Characters in a URL (connection URL, frame URL). */
  maxUrl: 4096,
  /** Characters in a stack string. */
  maxStack: 16_384,
  /** Characters in short labels: event types, ids, client/marker/reason, names. */
  maxLabel: 256,
  /** Characters in one message sample's data (the hook truncates to the user's dataCap first). */
  maxSampleData: 65_536,
  /** Samples in one `msgs` record. */
  maxSamplesPerRecord: 50,
  /** Distinct event types in one `msgs` record. */
  maxTypesPerRecord: 64,
  /** JSON size of a debug snapshot value. */
  maxDebugJson: 64 * 1024,
  /** Nesting depth of a debug snapshot value. */
  maxDebugDepth: 8,
  /** Approximate byte size of one page → relay message. */
  maxBatchBytes: 4 * 1024 * 1024,
  /** Page → relay messages per second before the relay starts refusing (and counting). */
  maxBatchesPerSecond: 200,
  /** Origins in one census report (a document talking to more is capped, the rest unreported). */
  maxCensusHosts: 64,
  /** Live connections one census report may claim for one origin (the hook keeps ≤ 5 000). */
  maxCensusLive: 10_000,
  /** Characters of a `nextHopProtocol` value (`http/1.1`, `h2`, `h3`...). */
  maxProtocol: 16,
  /** Characters of the (redacted) body a probe brings back from the page. */
  maxProbeBody: 4096,
} as const;

/** What replaces a secret wherever one is redacted (URL query values, passwords, reports). */
export const REDACTED = '[redacted]';

/**
 * Bounds of each hook setting (`HookSettings` in records.ts): the panel's form and stored settings
 * are clamped to them, and every hop's guard (protocol guards, the hook's own relay-message guard)
 * refuses settings outside them, so a setting the panel accepts is never refused downstream.
 */
export const HOOK_SETTING_BOUNDS = {
  /** Poll interval of the debug globals, ms. */
  pollMs: { min: 100, max: 60_000 },
  /** The hook's record buffer budget, approximate bytes. */
  bufferBytes: { min: 64 * 1024, max: 256 * 1024 * 1024 },
  /** Characters of data kept per message sample (0: counts and sizes only). */
  dataCap: { min: 0, max: LIMITS.maxSampleData },
  /** Number of debug globals polled. */
  debugGlobals: 16,
  /** Number of query parameter names redacted. */
  redactParams: 64,
} as const;
