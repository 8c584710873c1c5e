/**
 * CLI entry: `tsx demo/server/main.ts --port 8787`. Prints the URL, logs streams and faults,
 * shuts down cleanly on SIGINT/SIGTERM. Wiring only; see ./demo-server.ts.
 */
import { CLI_USAGE, parseCliArgs } from './cli-options';
import { createDemoServer } from './demo-server';

const parsed = parseCliArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(CLI_USAGE);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`${parsed.message}\n\n${CLI_USAGE}`);
  process.exit(2);
}

const server = await createDemoServer({
  ...parsed.options,
  log: parsed.quiet ? undefined : (line) => console.log(`[demo-server] ${line}`),
});
console.log(`Demo SSE server: ${server.url}  (stream: ${server.url}/v1/events/sse?token=tok-demo)`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`[demo-server] ${signal}: closing`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[demo-server] close failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
