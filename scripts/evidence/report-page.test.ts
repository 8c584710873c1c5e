import { describe, expect, test } from 'vitest';
import { escapeHtml, href, renderIndex, type IndexInput } from './report-page';

const input = (over: Partial<IndexInput> = {}): IndexInput => ({
  title: 'Evidence',
  commit: 'abc123',
  chromium: 'HeadlessChrome/156.0',
  startedAt: '2026-12-06T05:00:00.000Z',
  durationMs: 245_000,
  command: 'npm run evidence',
  modes: [
    {
      mode: 'legacy',
      verdicts: [{ criterion: 'One live', pass: false, evidence: 'max 6 live <script>' }],
      panelVerdicts: [{ id: 'oneLive', status: 'fail', text: '' }],
      exports: ['legacy/sse-har-127.0.0.1_1-x.har'],
      durationMs: 120_000,
      stats: '10 samples',
    },
    {
      mode: 'fixed',
      verdicts: [{ criterion: 'One live', pass: true, evidence: 'max 1 live' }],
      panelVerdicts: [{ id: 'oneLive', status: 'pass', text: '' }],
      exports: [],
      durationMs: 125_000,
      stats: '12 samples',
    },
  ],
  criteria: [
    {
      criterion: 'One live',
      panelIds: ['oneLive'],
      pictures: {
        legacy: [{ src: 'legacy/offender-oneLive.png', caption: 'offender "#3"' }],
        fixed: [{ src: 'fixed/1-summary-table.png', caption: 'table' }],
      },
    },
  ],
  links: [{ href: 'SUMMARY.md', label: 'SUMMARY.md' }],
  ...over,
});

describe('renderIndex', () => {
  test('shows run metadata, both modes per criterion and links to the exports', () => {
    const html = renderIndex(input());
    for (const text of ['abc123', 'HeadlessChrome/156.0', '2026-12-06T05:00:00.000Z', '245 s'])
      expect(html).toContain(text);
    expect(html).toContain('<td class="fail"><span class="mark">✗</span> max 6 live &lt;script&gt;');
    expect(html).toContain('<td class="pass"><span class="mark">✓</span> max 1 live');
    expect(html).toContain('panel oneLive ✗');
    expect(html).toContain('<img src="legacy/offender-oneLive.png" alt="offender &quot;#3&quot;"');
    expect(html).toContain('href="legacy/sse-har-127.0.0.1_1-x.har"');
  });

  test('renders data as text only: no markup from verdicts, captions or file names', () => {
    const html = renderIndex(
      input({
        commit: '<img src=x onerror=alert(1)>',
        links: [{ href: 'a"b#c.json', label: '<b>x</b>' }],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('href="a%22b%23c.json"');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

test('escapeHtml and href escape what HTML and URLs treat specially', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
  );
  expect(href('fixed/a b?.png')).toBe('fixed/a%20b%3F.png');
});
