import { describe, expect, test } from 'vitest';
import { annotate, at, debugAt, hello, recordingOf } from '../acceptance/test-recordings';
import { createPanelStore } from '../store';
import { DEFAULT_PANEL_SETTINGS } from '../settings/panel-settings';
import { batch, close, conn, msgs, sample, stackAt } from '../../src/protocol/testing/records';
import { connectionsToHar } from './har';
import { cell, reportToMarkdown } from './markdown';
import { redactText } from './redact';
import { buildReport, importReport, REPORT_SCHEMA } from './report';
import { parseReport } from './validate-report';

const SECRET_URL = 'http://127.0.0.1:8080/v1/events/sse?token=tok-secret&sid=abc';

function twoLiveReport() {
  const recording = recordingOf(
    [
      at(1_000, hello()),
      at(
        1_001,
        conn(1, {
          url: SECRET_URL,
          stack: `${stackAt('connect')}\nat x (http://h/a.js?sid=zzz:1:1)`,
        }),
      ),
      at(1_002, annotate(1, 'subscribe')),
      at(2_000, debugAt(2_000, { connects: 1, timers: 0 })),
      at(3_000, conn(2)),
      at(4_000, debugAt(4_000, { connects: 1, timers: 0 })),
    ],
    10_000,
  );
  return buildReport({
    recording,
    choice: { kind: 'session' },
    settings: { ...DEFAULT_PANEL_SETTINGS, redactParams: ['token', 'sid'] },
    pageUrl: 'http://127.0.0.1:8080/app?token=tok-page',
    origin: 'http://127.0.0.1:8080',
    createdAt: new Date(10_000),
  });
}

describe('evidence report', () => {
  test('exported then imported, it gives the same verdicts', () => {
    const report = twoLiveReport();
    const parsed = parseReport(JSON.stringify(report));
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = importReport(parsed.report, 'r.json');
    expect(imported.consistent).toBe(true);
    expect(imported.verdicts.map((v) => [v.id, v.status])).toEqual([
      ['oneLive', 'fail'],
      ['connectsCounted', 'fail'],
      ['oneTimer', 'pass'],
      ['reasonedConnects', 'fail'],
      ['noOverlap', 'fail'],
      ['deliveredOnce', 'noData'],
    ]);
  });

  test('a report whose saved verdicts were edited is flagged as inconsistent', () => {
    const report = twoLiveReport();
    const edited = {
      ...report,
      verdicts: report.verdicts.map((v) => ({ ...v, status: 'pass' as const })),
    };
    const parsed = parseReport(JSON.stringify(edited));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(importReport(parsed.report, 'r.json').consistent).toBe(false);
  });

  test('carries the versioned schema header and redacts URLs and stacks', () => {
    const report = twoLiveReport();
    expect(report).toMatchObject({
      schema: REPORT_SCHEMA,
      version: 1,
      createdAt: new Date(10_000).toISOString(),
    });
    const text = JSON.stringify(report);
    expect(text).not.toContain('tok-secret');
    expect(text).not.toContain('tok-page');
    expect(text).not.toContain('sid=abc');
    expect(text).not.toContain('sid=zzz');
    expect(report.series.t.length).toBeGreaterThan(0);
  });
});

describe('import validation (the file is untrusted)', () => {
  const good = () => JSON.parse(JSON.stringify(twoLiveReport())) as Record<string, unknown>;
  const reject = (doc: unknown) => {
    const r = parseReport(typeof doc === 'string' ? doc : JSON.stringify(doc));
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };

  test('refuses text that is not JSON', () => {
    expect(reject('{"schema":')).toMatch(/^not JSON/);
  });

  test('refuses another schema or version, saying which', () => {
    expect(reject({ ...good(), schema: 'har' })).toMatch(/\$\.schema/);
    expect(reject({ ...good(), version: 2 })).toMatch(/unsupported version 2/);
  });

  test('refuses unknown and missing fields with their path', () => {
    expect(reject({ ...good(), extra: 1 })).toBe('$.extra: unknown field');
    const { verdicts: _v, ...missing } = good();
    expect(reject(missing)).toBe('$.verdicts: missing');
  });

  test('refuses wrong types deep inside', () => {
    const doc = good();
    (doc.connections as Array<Record<string, unknown>>)[0]!.createdAt = 'yesterday';
    expect(reject(doc)).toBe('$.connections[0].createdAt: expected a finite number');
  });

  test('refuses values out of range or inconsistent', () => {
    const doc = good();
    (doc.connections as Array<Record<string, unknown>>)[0]!.closedAt = 1;
    expect(reject(doc)).toMatch(/closedAt: before createdAt/);
    const bad = good();
    (bad.settings as Record<string, unknown>).pollMs = 5;
    expect(reject(bad)).toBe('$.settings.pollMs: invalid value');
    const series = good();
    (series.series as Record<string, unknown>).live = [1];
    expect(reject(series)).toMatch(/length differs/);
  });

  test('refuses oversized strings', () => {
    const doc = good();
    (doc.connections as Array<Record<string, unknown>>)[0]!.url = 'x'.repeat(100_000);
    expect(reject(doc)).toMatch(/longer than/);
  });
});

describe('markdown summary', () => {
  test('is a table with one ✓/✗ row per criterion', () => {
    const md = reportToMarkdown(
      twoLiveReport(),
      (k, p) => `${k}${p ? JSON.stringify(p) : ''}`,
      (t) => `T${t}`,
    );
    const rows = md.split('\n').filter((l) => /^\| [a-z] \|/.test(l));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toContain('✗');
    expect(rows[2]).toContain('✓');
  });

  test('escapes page text so it cannot break the table or inject markup', () => {
    expect(cell('a|b <img> `x`\nnext')).toBe('a\\|b &lt;img&gt; \\`x\\` next');
  });
});

describe('HAR export', () => {
  test('lists each connection with redacted URL, initiator stack, recent messages and timings', () => {
    const store = createPanelStore();
    store
      .getState()
      .messageReceived(
        batch('s1', [
          { ...conn(1, { url: SECRET_URL }), t: 1_000 },
          { k: 'open', id: 1, t: 1_050 },
          msgs(1, [sample('hello')]),
          { ...close(1), t: 3_000 },
        ]),
      );
    const har = connectionsToHar(store.getState().connections.values(), {
      redactParams: ['token', 'sid'],
      now: 9_000,
      version: '0.1.0',
    });
    const [entry] = har.log.entries;
    expect(entry?.request.url).toBe(
      'http://127.0.0.1:8080/v1/events/sse?token=[redacted]&sid=[redacted]',
    );
    expect(entry?.timings).toEqual({ send: 0, wait: 50, receive: 1_950 });
    expect(entry?._initiator.stack.callFrames[0]).toEqual({
      functionName: 'connect',
      url: 'http://127.0.0.1:8080/assets/app.js',
      lineNumber: 9,
      columnNumber: 4,
    });
    expect(entry?._sseMessages.map((m) => m.data)).toEqual(['hello']);
  });

  test('redaction matches parameter names case-insensitively and only whole names', () => {
    expect(redactText('/s?Token=a&tokens=b&x=1', ['token'])).toBe(
      '/s?Token=[redacted]&tokens=b&x=1',
    );
  });
});
