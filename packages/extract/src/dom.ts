// Parsing HTML into a DOM: linkedom (default, fast) or jsdom (kept supported). Scripts, styles,
// templates and comments are removed from the HTML first: neither DOM needs them, and jsdom
// throws on some real pages' CSS (cssstyle TypeError, CSS syntax errors) when styles are kept.
import { parseHTML } from 'linkedom';

export type DomKind = 'linkedom' | 'jsdom';

export interface ParsedDom {
  document: Document;
  kind: DomKind;
  /** Frees the DOM (closes jsdom's window); safe to call twice. */
  close(): void;
}

const STRIP_RE = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<(script|style)\b[^>]*\/>/gi;

/** HTML with <script>, <style>, <template>, <noscript> elements and comments removed. */
export function stripNonContent(html: string): string {
  return html.replace(STRIP_RE, '');
}

type JsdomModule = typeof import('jsdom');
let jsdomModule: JsdomModule | null = null;

/**
 * Loads jsdom once, synchronously (it is CommonJS). jsdom is slow to load, so it is loaded
 * only when a caller asks for it.
 */
async function loadJsdomAsync(): Promise<JsdomModule> {
  jsdomModule ??= await import('jsdom');
  return jsdomModule;
}

/** Makes `parseDom(..., 'jsdom')` available; call once before using jsdom. */
export async function enableJsdom(): Promise<void> {
  await loadJsdomAsync();
}

export function jsdomEnabled(): boolean {
  return jsdomModule !== null;
}

function parseLinkedom(html: string): ParsedDom {
  // linkedom needs a document element; a fragment gets wrapped
  const src = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(src);
  return { document: document as unknown as Document, kind: 'linkedom', close: () => undefined };
}

/**
 * Parses `html` (already stripped by the caller, or not) into a document. With `kind: 'jsdom'`
 * a jsdom failure (it throws on some CSS) falls back to linkedom; jsdom must have been enabled
 * with `enableJsdom()` first, else linkedom is used.
 */
export function parseDom(html: string, kind: DomKind = 'linkedom'): ParsedDom {
  if (kind === 'jsdom' && jsdomModule) {
    let dom: InstanceType<JsdomModule['JSDOM']> | null = null;
    try {
      dom = new jsdomModule.JSDOM(html, { virtualConsole: new jsdomModule.VirtualConsole() });
      const d = dom;
      let closed = false;
      return {
        document: d.window.document,
        kind: 'jsdom',
        close: () => {
          if (!closed) {
            closed = true;
            d.window.close();
          }
        },
      };
    } catch {
      try {
        dom?.window.close();
      } catch {
        /* already broken */
      }
      return parseLinkedom(html);
    }
  }
  return parseLinkedom(html);
}
