import { describe, expect, test } from 'vitest';
import { COLUMNS, visibleColumns } from '../columns';
import { createPanelStore } from '../store';
import { batch, conn, msgs, open, sample } from '../../src/protocol/testing/records';
import { connectionsToCsv, csvField } from './csv';

describe('csvField', () => {
  test('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  test('page text that a spreadsheet would run as a formula is prefixed', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

test('one line per row with the visible columns, then the raw timing numbers', () => {
  const store = createPanelStore({ now: () => 0 });
  store
    .getState()
    .messageReceived(
      batch('s', [
        conn(1),
        open(1),
        msgs(1, [sample('a', { t: 1_010 }), sample('b', { t: 1_030 })]),
      ]),
    );
  const rows = [...store.getState().view.data.connections.values()];
  const columns = visibleColumns(
    COLUMNS.map((c) => c.key).filter((k) => k !== 'toOpen' && k !== 'messages'),
  );
  const csv = connectionsToCsv(rows, columns, 3_002);
  const [header, line, end] = csv.split('\r\n');
  expect(header).toBe(
    'ID,To open,Messages,url,createdAt,openedAt,firstMessageAt,lastMessageAt,closedAt,timeToOpenMs,timeToFirstMessageMs,eventsPerSecond,lastEventId',
  );
  // conn at t=1001, open at 1002, first sample 1010, two messages over 2 s open.
  expect(line).toBe(
    `1,1 ms,2,http://127.0.0.1:8080/v1/events/sse?token=[redacted],1001,1002,1010,2000,,1,9,1,`,
  );
  expect(end).toBe('');
});
