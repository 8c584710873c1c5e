/**
 * The protocol builders moved to src/protocol/testing/records.ts (one testing/ folder for the
 * whole repo); this path re-exports them until the panel tests import them from there.
 */
export * from '../src/protocol/testing/records';
