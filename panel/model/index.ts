/** The panel model: connection types, one reducer, one sequence accounting, one registry. */
export * from './types';
export { applyRecord } from './apply-record';
export { admit, zeroCounts, type SequenceCounts, type SequenceState } from './sequence';
export { createDocumentRegistry, type DocumentRegistry, type Seen } from './documents';
export { HISTORY_LIMITS, debugSample } from './history';
export {
  createPanelModel,
  type GoneReason,
  type PanelModel,
  type PanelModelOptions,
} from './model';
