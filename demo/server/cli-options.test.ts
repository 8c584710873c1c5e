import { describe, expect, test } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliArgs } from './cli-options';

describe('parseCliArgs', () => {
  test('defaults to port 8787 with logs on', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: DEFAULT_CLI_PORT },
      quiet: false,
    });
  });

  test('reads flags with separate or inline values', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--static=dist/demo',
        '--cors',
        '--heartbeat-ms',
        '500',
        '--quiet',
      ]),
    ).toEqual({
      kind: 'run',
      options: { port: 0, staticDir: 'dist/demo', cors: true, heartbeatMs: 500 },
      quiet: true,
    });
  });

  test.each([
    [['--port', 'abc'], '--port needs a non-negative integer'],
    [['--port', '70000'], '--port needs a non-negative integer'],
    [['--static'], '--static needs a value'],
    [['--verbose'], 'unknown option --verbose'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(parseCliArgs(argv)).toEqual({
      kind: 'error',
      message: expect.stringContaining(message),
    });
  });

  test('asks for help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
