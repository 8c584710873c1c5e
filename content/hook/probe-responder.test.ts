import { describe, expect, test } from 'vitest';
import type { PageProbeResultMessage } from '../../src/protocol/messages';
import { captureNatives } from './natives';
import { createProbeResponder } from './probe-responder';

/** A page whose fetch answers `response` and records the URLs it was asked for. */
function setup(response: () => Response) {
  const asked: string[] = [];
  const win = Object.create(globalThis) as typeof globalThis;
  win.fetch = (url: string | URL | Request) => {
    asked.push(String(url));
    return Promise.resolve(response());
  };
  const answers: PageProbeResultMessage[] = [];
  const probes = createProbeResponder({
    win,
    natives: captureNatives(globalThis),
    redactParams: () => ['token'],
    post: (m) => answers.push(m),
  });
  const answered = async () => {
    for (let i = 0; i < 50 && answers.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    return answers[0];
  };
  return { probes, asked, answered };
}

describe('the hook side of the probe', () => {
  test('requests the real URL behind a redacted one and answers with the body redacted', async () => {
    const { probes, asked, answered } = setup(
      () =>
        new Response('{"error":"expired","token":"s3cr3t"}', {
          status: 401,
          statusText: 'Unauthorized',
          headers: { 'content-type': 'application/json' },
        }),
    );
    probes.remember('http://h/sse?token=[redacted]', 'http://h/sse?token=s3cr3t');
    probes.probe('p1', 'http://h/sse?token=[redacted]', false);
    const answer = await answered();
    expect(asked).toEqual(['http://h/sse?token=s3cr3t']);
    expect(answer).toMatchObject({
      kind: 'page:probe-result',
      probeId: 'p1',
      answer: {
        kind: 'response',
        status: 401,
        statusText: 'Unauthorized',
        contentType: 'application/json',
        body: '{"error":"expired","token":"[redacted]"}',
        bodyCut: false,
      },
    });
    expect(JSON.stringify(answer)).not.toContain('s3cr3t');
  });

  test('never requests a redacted URL it does not know', async () => {
    const { probes, asked, answered } = setup(() => new Response(''));
    probes.probe('p2', 'http://h/sse?token=[redacted]', false);
    expect((await answered())?.answer).toEqual({ kind: 'unknown-url' });
    expect(asked).toEqual([]);
  });

  test('does not read a working event stream, and caps a long refused body', async () => {
    const stream = setup(
      () => new Response('data: 1\n\n', { headers: { 'content-type': 'text/event-stream' } }),
    );
    stream.probes.probe('p3', 'http://h/ok', false);
    expect((await stream.answered())?.answer).toMatchObject({ status: 200, body: '' });
    const long = setup(() => new Response('x'.repeat(10_000), { status: 500 }));
    long.probes.probe('p4', 'http://h/long', false);
    const answer = (await long.answered())?.answer;
    expect(answer).toMatchObject({ status: 500, bodyCut: true });
    expect(answer?.kind === 'response' && answer.body.length).toBe(4096);
  });
});
