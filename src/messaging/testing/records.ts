/** Moved to src/protocol/testing/records.ts; this path re-exports it until its last importer moves. */
export { helloRecord } from '../../protocol/testing/records';
