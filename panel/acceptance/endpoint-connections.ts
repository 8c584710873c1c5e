/** The connections the criteria look at: those to the acceptance endpoint, in history order. */
import { isToEndpoint, type RecordedConnection, type Recording } from '../recording/recording';
import type { TimeRange } from './verdict';

export function endpointConnections(rec: Recording, endpointPath: string): RecordedConnection[] {
  return rec.connections
    .filter((c) => isToEndpoint(c, endpointPath))
    .sort((a, b) => a.createdAt - b.createdAt || (a.session === b.session ? a.seq - b.seq : 0));
}

/** Did the connection exist at some point inside the range? */
export function intersects(c: RecordedConnection, range: TimeRange): boolean {
  return c.createdAt <= range.to && (c.closedAt === null || c.closedAt >= range.from);
}
