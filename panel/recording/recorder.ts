/**
 * The acceptance views' read side of the panel model: the Recording (see recording.ts) as of a
 * time, a version that moves when the history changed, and a subscription. It holds no state of
 * its own: the model's one reducer keeps the history beside the table, so the acceptance view and
 * the toolbar count "lost" and "retired" the same way.
 */
import { createPanelModel, HISTORY_LIMITS, type PanelModel } from '../model';
import type { Recording } from './recording';

export { debugSample } from '../model';

/** Bounds of the history (the model's): past them the oldest entries go, counted as truncated. */
export const RECORDER_LIMITS = HISTORY_LIMITS;

export interface Recorder {
  /** The model it reads (the store's, in the panel). */
  readonly model: PanelModel;
  /** The recording as of `end` (page and panel clocks are both epoch ms on one machine). */
  snapshot(end: number): Recording;
  readonly version: () => number;
  subscribe(listener: () => void): () => void;
}

/** Reads `model`; without one (tests, a view on its own) it creates a private model. */
export function createRecorder(model: PanelModel = createPanelModel()): Recorder {
  let cached: { version: number; recording: Recording } | null = null;
  return {
    model,
    snapshot(end) {
      const version = model.historyVersion();
      if (!cached || cached.version !== version)
        cached = { version, recording: model.recording(end) };
      return cached.recording.end === end ? cached.recording : { ...cached.recording, end };
    },
    version: () => model.historyVersion(),
    subscribe: (listener) => model.subscribe(listener),
  };
}
