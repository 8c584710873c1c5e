import { expect, test } from 'vitest';
import type { AppEvent } from './app-event';
import { addToFeed, EMPTY_FEED } from './event-feed';

const note = (id: string | null): AppEvent => ({
  kind: 'notification',
  level: 'info',
  text: `n${id}`,
  orderId: null,
  id,
  receivedAt: 0,
});

test('counts a second delivery of the same event id as a duplicate', () => {
  const feed = [note('1'), note('2'), note('1')].reduce((f, e) => addToFeed(f, e), EMPTY_FEED);
  expect(feed.delivered).toBe(3);
  expect(feed.duplicates).toBe(1);
  expect(feed.items.map((e) => e.id)).toEqual(['1', '2', '1']);
});

test('events without an id are never duplicates', () => {
  const feed = [note(null), note(null)].reduce((f, e) => addToFeed(f, e), EMPTY_FEED);
  expect(feed.duplicates).toBe(0);
});

test('keeps at most `limit` items, newest first', () => {
  const feed = ['1', '2', '3'].reduce((f, id) => addToFeed(f, note(id), 2), EMPTY_FEED);
  expect(feed.items.map((e) => e.id)).toEqual(['3', '2']);
  expect(feed.delivered).toBe(3);
});
