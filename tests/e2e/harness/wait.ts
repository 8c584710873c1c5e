/** Waits on a condition (never a fixed sleep). Returns the first truthy value. */
export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  { timeout = 15_000, interval = 50, message = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      // A probe may fail while the thing it looks at is still starting; retry until the deadline.
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeout} ms waiting for: ${message}` +
          (lastError ? ` (last error: ${String(lastError)})` : ''),
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
