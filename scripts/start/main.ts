/**
 * `npm start`, after start.mjs built the extension: starts the demo (SSE server + admin app on
 * Vite) and, when a display exists, Chromium with the extension, the dashboard and DevTools on
 * the SSE panel. Ctrl+C (SIGINT/SIGTERM) closes the browser, Vite and the server, then exits 0.
 * Wiring only: arguments and messages live in ./args and ./instructions.
 */
import { startDemo, type RunningDemo } from '../../demo/app/start-demo';
import { openPanel } from '../../tests/e2e/harness/devtools';
import { DIST } from '../../tests/e2e/harness/launch';
import { USAGE, hasDisplay, parseStartArgs, type StartOptions } from './args';
import { launchStartBrowser, type StartBrowser } from './browser';
import {
  dashboardUrl,
  describeRunning,
  manualSteps,
  noDisplayMessage,
  type DemoUrls,
} from './instructions';

const SHUTDOWN_TIMEOUT_MS = 10_000;

function isAddressInUse(error: unknown): boolean {
  return (
    (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE' ||
    /already in use|EADDRINUSE/.test(String(error))
  );
}

async function startDemoOnPorts(options: StartOptions): Promise<RunningDemo> {
  const log = options.verbose
    ? (line: string) => console.log(line)
    : (line: string) => {
        // Quiet by default, but never hide a problem.
        if (/\b(error|warn)/i.test(line)) console.log(line);
      };
  try {
    return await startDemo({ serverPort: options.serverPort, appPort: options.appPort, log });
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    console.log(
      `Port ${options.serverPort} or ${options.appPort} is taken; using free ports instead.`,
    );
    return startDemo({ serverPort: 0, appPort: 0, log });
  }
}

async function launchWithPanel(urls: DemoUrls, headless: boolean): Promise<StartBrowser> {
  console.log(
    `Launching Chromium${headless ? ' (headless)' : ''} with the extension from ${DIST} …`,
  );
  const launched = await launchStartBrowser(headless);
  const { browser, extensionId } = launched;
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.goto(dashboardUrl(urls.appUrl, urls.mode), { waitUntil: 'domcontentloaded' });
  try {
    await openPanel(page, extensionId);
    console.log(
      `Chromium is open on the dashboard, with DevTools on the SSE panel (extension ${extensionId}).`,
    );
  } catch (error) {
    // The app still works without the panel; tell the user how to get there by hand.
    console.log(`Could not show the SSE panel automatically (${String(error)}).`);
    console.log('Open DevTools (F12) → "SSE" (it may sit under the » overflow).');
  }
  return launched;
}

async function main(): Promise<void> {
  const parsed = parseStartArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`npm start: ${parsed.error}\n\n${USAGE}`);
    process.exit(2);
  }
  const options = parsed.options;
  if (options.help) {
    console.log(USAGE);
    return;
  }

  // What is running so far, for the signal handler (a signal can arrive during start-up).
  const started: { demo?: RunningDemo; browser?: StartBrowser } = {};
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return; // a second Ctrl+C (or the forwarded copy of the first) changes nothing
    stopping = true;
    console.log(`\n${signal}: stopping the browser, the app and the server …`);
    const forced = setTimeout(() => {
      console.error(`Shutdown took over ${SHUTDOWN_TIMEOUT_MS} ms; exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    void (async () => {
      await started.browser?.close();
      await started.demo?.close();
      console.log('Stopped.');
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const demo = await startDemoOnPorts(options);
  started.demo = demo;
  if (stopping) {
    await demo.close();
    return;
  }
  const urls: DemoUrls = {
    appUrl: demo.appUrl,
    serverUrl: demo.serverUrl,
    mode: options.mode,
    dist: DIST,
  };
  console.log(describeRunning(urls));

  if (!options.browser) {
    console.log(`--no-browser: Chromium is not launched.\n${manualSteps(urls)}`);
  } else if (!options.headless && !hasDisplay(process.env, process.platform)) {
    console.log(noDisplayMessage(urls));
  } else {
    try {
      started.browser = await launchWithPanel(urls, options.headless);
      started.browser.browser.on('disconnected', () => {
        if (!stopping)
          console.log('Chromium was closed; the server and the app keep running until Ctrl+C.');
      });
    } catch (error) {
      console.error(
        `Could not launch Chromium: ${error instanceof Error ? error.message : String(error)}`,
      );
      console.log(manualSteps(urls));
    }
  }
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error);
  process.exit(1);
});
