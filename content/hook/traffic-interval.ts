/**
 * Message traffic of one connection between two flushes, and its totals since construction.
 *
 * The base class of the registry's per-connection object (connections.ts `Conn extends
 * TrafficInterval`): one object per EventSource, so a construction allocates nothing more for
 * traffic until the first message arrives.
 *
 * Hot path (every SSE message, `add` / `addEvent`): counter increments and slot writes into a fixed
 * ring of samples holding a reference to the data string. Truncation to the user's dataCap, the
 * record and its byte estimate are built at flush time (`emitInterval`), off the page's dispatch.
 *
 * EventSource samples (`addEvent`) also keep their MessageEvent until the flush (or a snapshot)
 * reads its `lastEventId` and `timeStamp` (`readEvents`): a clock read and a getter call per
 * message were a third of the hook's per-message cost, and only the newest samples need them.
 *
 * `data` is read on the hot path only for the first DATA_READS_PER_INTERVAL messages of an
 * interval. Blink builds a new string on every `MessageEvent.data` read (≈ 150 ns, not cached),
 * which was the rest of the hook's cost in a flood. Past the budget a message is counted and its
 * size estimated at the mean of the sizes read in the same interval (`unmeasured`); the newest
 * samples still get their data, read at flush.
 */
import type { DraftOf, MessageSample, RecordDraft } from '../../src/protocol/records';
import { LIMITS } from '../../src/protocol/limits';
import { dict, NO_ARGS, type Natives } from './natives';
import { RECORD_OVERHEAD } from './record-log';

/** Samples kept per connection per flush interval (newest win). */
export const SAMPLES_PER_INTERVAL = 20;

/**
 * Messages per connection per flush interval whose `data` the hot path reads (connections.ts).
 * Sizes are exact up to 2 560 messages a second with a panel attached (50 ms flushes), 512 without
 * one (250 ms, install.ts).
 */
export const DATA_READS_PER_INTERVAL = 128;

/** Ring marker (in the `own` column until `readEvents`): the sample's data is still unread. */
const DATA_UNREAD = 'd';

/** `s` cut to `max` characters with the native slice captured at install. */
export const cap = (natives: Natives, s: string, max: number): string =>
  s.length > max ? (natives.apply(natives.strSlice, s, [0, max]) as string) : s;

/** Adds every count of `from` into `into` (both prototype-less dictionaries). */
function addCounts(natives: Natives, into: Record<string, number>, from: Record<string, number>) {
  const names = natives.keys(from);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    into[name] = (into[name] ?? 0) + (from[name] as number);
  }
}

/** Reads, at flush time, what an event-backed sample needs (connections.ts: native getters). */
export interface SampleReader {
  /** The event's `lastEventId` ('' if unreadable). */
  id(event: object): string;
  /** The event's `data` ('' if unreadable or not a string). */
  data(event: object): string;
  /** When the event was created, on the hook's clock. */
  time(event: object): number;
}

export class TrafficInterval {
  // Totals of flushed intervals.
  totalCount = 0;
  totalBytes = 0;
  /** Messages whose size `totalBytes` estimates rather than counts. */
  totalUnmeasured = 0;
  totalByType: Record<string, number> | null = null;
  // Current interval (hot path).
  count = 0;
  /** Characters of the data read in this interval (the unmeasured messages' are not in it). */
  bytes = 0;
  /** Messages of this interval counted without reading their data (`addEvent` with null). */
  unmeasured = 0;
  /** Events of type "message" (the common case: no dictionary lookup). */
  messageCount = 0;
  /** Events of other types, allocated on the first one. */
  otherTypes: Record<string, number> | null = null;
  lastEventId = '';
  lastAt = 0;
  /**
   * Ring of (type, data, id, own) quadruples, `own` '1' when the event changed `lastEventId` (it
   * carried an `id:` field); `times` holds their timestamps. Allocated on first use.
   */
  ring: string[] | null = null;
  times: Float64Array | null = null;
  ringNext = 0;
  ringLen = 0;
  /**
   * Per slot, the event of an `addEvent` sample whose id and time are still unread (null once
   * read, and for `add` samples). Allocated on the first `addEvent`.
   */
  events: (object | null)[] | null = null;
  /**
   * The message just before the oldest sample, for its `own` flag: its id, or its event while
   * that is unread (set when a sample is pushed out of the full ring, and at each flush).
   */
  before: object | string = '';
  /** Some slot of `events` is unread. */
  unread = false;

  private allocate(natives: Natives): string[] {
    const ring: string[] = [];
    for (let i = 0; i < SAMPLES_PER_INTERVAL * 4; i++) ring[i] = '';
    this.times = new natives.Float64Array(SAMPLES_PER_INTERVAL);
    return (this.ring = ring);
  }

  private countType(type: string): void {
    if (type === 'message') this.messageCount++;
    else {
      const other = this.otherTypes ?? (this.otherTypes = dict<number>());
      other[type] = (other[type] ?? 0) + 1;
    }
  }

  /**
   * One event of `type` carrying `data`, whose id and time are read from `event` later
   * (`readEvents`); `data` null when the caller did not read it (over the read budget): it is
   * read later if the event is still a sample, and its size is estimated otherwise. Returns true
   * when it is the first of the interval, as `add`.
   */
  addEvent(natives: Natives, type: string, data: string | null, event: object): boolean {
    const first = this.count++ === 0;
    if (data !== null) this.bytes += data.length;
    else this.unmeasured++;
    this.countType(type);
    const ring = this.ring ?? this.allocate(natives);
    let events = this.events;
    if (events === null) {
      events = this.events = [];
      for (let i = 0; i < SAMPLES_PER_INTERVAL; i++) events[i] = null;
    }
    const slot = this.ringNext;
    if (this.ringLen === SAMPLES_PER_INTERVAL) {
      // The oldest sample leaves the ring and becomes the predecessor of the next oldest.
      const leaving = events[slot];
      this.before =
        leaving === null || leaving === undefined ? (ring[slot * 4 + 2] as string) : leaving;
    } else this.ringLen++;
    ring[slot * 4] = type;
    ring[slot * 4 + 1] = data === null ? '' : data;
    ring[slot * 4 + 3] = data === null ? DATA_UNREAD : '';
    events[slot] = event;
    this.unread = true;
    this.ringNext = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
    return first;
  }

  /**
   * Reads the id and time (and the data, if the hot path did not) of every unread sample, oldest
   * first, and sets `lastEventId`/`lastAt` from the newest sample. The page sees only
   * `lastEventId`, which persists across events (WHATWG HTML, "last event ID buffer"): a change
   * from the message before is the one trace of an `id:` field, so a sample is `own` when its id
   * differs from its predecessor's.
   */
  readEvents(reader: SampleReader): void {
    if (!this.unread) return;
    this.unread = false;
    const ring = this.ring as string[];
    const events = this.events as (object | null)[];
    const times = this.times as Float64Array;
    const before = this.before;
    let prev = typeof before === 'string' ? before : reader.id(before);
    this.before = prev;
    let slot = this.ringNext - this.ringLen;
    if (slot < 0) slot += SAMPLES_PER_INTERVAL;
    let newest = -1;
    for (let n = 0; n < this.ringLen; n++) {
      const event = events[slot];
      if (event !== null && event !== undefined) {
        events[slot] = null;
        if (ring[slot * 4 + 3] === DATA_UNREAD) {
          const data = reader.data(event);
          ring[slot * 4 + 1] = data;
          this.bytes += data.length;
          this.unmeasured--;
        }
        const id = reader.id(event);
        ring[slot * 4 + 2] = id;
        ring[slot * 4 + 3] = id !== prev ? '1' : '';
        times[slot] = reader.time(event);
        newest = slot;
        prev = id;
      } else prev = ring[slot * 4 + 2] as string;
      slot = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
    }
    if (newest >= 0) {
      this.lastEventId = prev;
      this.lastAt = times[newest] as number;
    }
  }

  /**
   * One event of `type` carrying `data`: counted and sampled. Returns true when it is the first
   * of the interval (the caller then marks the connection dirty and wakes the flush).
   */
  add(natives: Natives, type: string, data: string, id: string, t: number): boolean {
    const first = this.count++ === 0;
    this.bytes += data.length;
    this.countType(type);
    // The page sees only `lastEventId`, which persists across events (WHATWG HTML, "last event ID
    // buffer"): a change is the one trace of an `id:` field. The same id sent twice looks like none.
    const own = id !== this.lastEventId;
    this.lastEventId = id;
    this.lastAt = t;
    const ring = this.ring ?? this.allocate(natives);
    const slot = this.ringNext;
    ring[slot * 4] = type;
    ring[slot * 4 + 1] = data;
    ring[slot * 4 + 2] = id;
    ring[slot * 4 + 3] = own ? '1' : '';
    (this.times as Float64Array)[slot] = t;
    this.ringNext = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
    if (this.ringLen < SAMPLES_PER_INTERVAL) this.ringLen++;
    return first;
  }

  /**
   * Turns the current interval into a `msgs` record for connection `id`, passes it to `emit`
   * with its byte estimate, adds it to the totals and starts a new interval. No-op without
   * traffic.
   */
  emitInterval(
    natives: Natives,
    id: number,
    dataCap: number,
    emit: (draft: RecordDraft, bytes: number) => void,
  ): void {
    const count = this.count;
    if (count === 0) return;
    const unmeasured = this.unmeasured;
    const total = this.bytesSoFar();
    const byType = dict<number>();
    let types = 0;
    let bytes = RECORD_OVERHEAD + 32;
    if (this.messageCount > 0) {
      byType.message = this.messageCount;
      types++;
    }
    const other = this.otherTypes;
    if (other !== null) {
      const names = natives.keys(other);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        // Beyond the protocol's cap on distinct types, the rest are pooled under one key.
        const key =
          types < LIMITS.maxTypesPerRecord - 1 ? cap(natives, name, LIMITS.maxLabel) : '(other)';
        if (byType[key] === undefined) types++;
        byType[key] = (byType[key] ?? 0) + (other[name] as number);
        bytes += key.length + 8;
      }
    }
    const recent: MessageSample[] = [];
    const ring = this.ring;
    const times = this.times;
    if (ring !== null && times !== null) {
      let slot = this.ringNext - this.ringLen;
      if (slot < 0) slot += SAMPLES_PER_INTERVAL;
      for (let n = 0; n < this.ringLen; n++) {
        const data = ring[slot * 4 + 1] as string;
        const cut = data.length > dataCap;
        const kept = cut ? cap(natives, data, dataCap) : data;
        const type = ring[slot * 4] as string;
        recent[recent.length] = {
          type: cap(natives, type, LIMITS.maxLabel),
          id: cap(natives, ring[slot * 4 + 2] as string, LIMITS.maxLabel),
          size: data.length,
          t: times[slot] as number,
          data: kept,
          cut,
          own: ring[slot * 4 + 3] === '1',
        };
        bytes += kept.length + 48;
        // Release the page's strings now rather than when the slot is overwritten.
        ring[slot * 4 + 1] = '';
        slot = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
      }
    }
    const draft: DraftOf<'msgs'> = {
      k: 'msgs',
      id,
      count,
      bytes: total,
      byType,
      lastEventId: cap(natives, this.lastEventId, LIMITS.maxLabel),
      lastAt: this.lastAt,
      recent,
      skipped: count - recent.length,
      seq: 0,
      t: 0,
    };
    if (unmeasured > 0) (draft as { unmeasured?: number }).unmeasured = unmeasured;
    this.totalCount += count;
    this.totalBytes += total;
    this.totalUnmeasured += unmeasured;
    addCounts(natives, this.totalByType ?? (this.totalByType = dict<number>()), byType);
    this.count = 0;
    this.bytes = 0;
    this.unmeasured = 0;
    this.messageCount = 0;
    this.otherTypes = null;
    this.ringLen = 0;
    this.before = this.lastEventId;
    emit(draft, bytes);
  }

  /**
   * Size of this interval's data: the characters read, plus the unmeasured messages at the mean
   * size of the measured ones (whole characters, no page-patchable `Math`).
   */
  bytesSoFar(): number {
    const unmeasured = this.unmeasured;
    const measured = this.count - unmeasured;
    if (unmeasured === 0 || measured <= 0) return this.bytes;
    const extra = (this.bytes * unmeasured) / measured;
    return this.bytes + (extra - (extra % 1));
  }

  /** Counts per event type since construction (flushed intervals plus the current one). */
  countsByType(natives: Natives): Record<string, number> {
    const byType = dict<number>();
    const totals = this.totalByType;
    const flushedTypes = totals === null ? NO_ARGS : natives.keys(totals);
    for (let i = 0; i < flushedTypes.length; i++) {
      const name = flushedTypes[i] as string;
      byType[name] = (totals as Record<string, number>)[name] as number;
    }
    if (this.messageCount > 0) byType.message = (byType.message ?? 0) + this.messageCount;
    if (this.otherTypes !== null) addCounts(natives, byType, this.otherTypes);
    return byType;
  }
}
