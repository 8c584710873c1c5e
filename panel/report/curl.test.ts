import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { curlCommand, hasRedactedParts, shellQuote } from './curl';

/** What a POSIX shell makes of a command line: one argument per line. */
function argv(command: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${command.replace(/^curl /, '')}`], {
    encoding: 'utf8',
  });
  return out.split('\n').slice(0, -1);
}

describe('copy as cURL', () => {
  test('streams with the EventSource Accept header and the last event id', () => {
    const cmd = curlCommand({
      url: 'http://127.0.0.1:8080/v1/events/sse?token=[redacted]&room=a',
      lastEventId: '42',
      withCredentials: false,
    });
    expect(argv(cmd)).toEqual([
      '-N',
      'http://127.0.0.1:8080/v1/events/sse?token=[redacted]&room=a',
      '-H',
      'Accept: text/event-stream',
      '-H',
      'Last-Event-ID: 42',
    ]);
  });

  test('no Last-Event-ID without an id; a cookie placeholder with credentials', () => {
    const cmd = curlCommand({ url: 'https://x.test/e', lastEventId: '', withCredentials: true });
    expect(argv(cmd)).toEqual([
      '-N',
      'https://x.test/e',
      '-H',
      'Accept: text/event-stream',
      '-b',
      '<cookies>',
    ]);
  });

  test("quotes what the page controls: a URL or id with ' $ ` and spaces stays one argument", () => {
    const url = "http://x.test/e?q=a'b$(touch /tmp/pwned)`id` c";
    const id = "it's $HOME";
    expect(argv(curlCommand({ url, lastEventId: id, withCredentials: false }))).toEqual([
      '-N',
      url,
      '-H',
      'Accept: text/event-stream',
      '-H',
      `Last-Event-ID: ${id}`,
    ]);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });

  test('knows when the hook redacted a parameter', () => {
    expect(hasRedactedParts('http://x/e?token=[redacted]')).toBe(true);
    expect(hasRedactedParts('http://x/e?token=%5Bredacted%5D')).toBe(true);
    expect(hasRedactedParts('http://x/e?room=a')).toBe(false);
  });
});
