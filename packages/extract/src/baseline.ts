// The baseline the issue measures against: plain Readability on jsdom, scripts and styles kept,
// no clean-up. Only for benchmarks and comparisons.
import { Readability } from '@mozilla/readability';

type JsdomModule = typeof import('jsdom');
let jsdom: JsdomModule | null = null;

/** Loads jsdom (slow to import) for `baselineReadability`. */
export async function loadBaseline(): Promise<void> {
  jsdom ??= await import('jsdom');
}

/** Plain `new Readability(new JSDOM(html).window.document).parse()`; text or an error message. */
export function baselineReadability(html: string): { text: string; error: string | null } {
  if (!jsdom) throw new Error('call loadBaseline() first');
  let dom: InstanceType<JsdomModule['JSDOM']> | null = null;
  try {
    // a silent virtual console: jsdom logs every CSS parse error to the process console otherwise
    dom = new jsdom.JSDOM(html, { virtualConsole: new jsdom.VirtualConsole() });
    const parsed = new Readability(dom.window.document).parse();
    return { text: parsed?.textContent ?? '', error: null };
  } catch (err) {
    return { text: '', error: err instanceof Error ? err.message : String(err) };
  } finally {
    dom?.window.close();
  }
}
