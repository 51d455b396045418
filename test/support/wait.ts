/** Polls fn until it returns something other than undefined/false, or fails naming what it waited for. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
