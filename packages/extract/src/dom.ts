// Parsing HTML into a DOM: linkedom (default, fast) or jsdom (kept supported). Scripts, styles,
// templates and comments are removed from the HTML first: neither DOM needs them, and jsdom
// throws on some real pages' CSS (cssstyle TypeError, CSS syntax errors) when styles are kept.
// React-streamed pages get their late-sent parts moved into place (what their scripts would do).
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

// React's streaming server rendering sends a page in parts: where a part is not ready yet it
// leaves a placeholder (`<template id="B:0"></template>` followed by fallback content up to the
// comment `<!--/$-->`, or `<template id="P:0"></template>`), and sends the part later at the end
// of the page as `<div hidden id="S:0">`, with a script that moves it into place
// (`$RC("B:0","S:0")`, `$RS("S:0","P:0")`). Without scripts the story sits hidden at the end of
// the page and the placeholders show "Loading..." skeletons, so the move is done here.

const STREAMED_RE = /<div hidden(?:="")? id="S:[0-9a-f]+"/i;
const SLOT_RE = /<template id="([BP]:[0-9a-f]+)"><\/template>/gi;
const BOUNDARY_END = '<!--/$-->';

/**
 * For a streamed page, which hidden part (`S:n`) fills which placeholder (`B:n` / `P:n`), from
 * the page's scripts, or null when the page is not streamed. A placeholder the scripts do not
 * name takes the part with its own number, React's usual pairing.
 */
function streamedParts(html: string): Map<string, string> | null {
  if (!STREAMED_RE.test(html)) return null;
  const parts = new Map<string, string>();
  for (const m of html.matchAll(/\$RC\("(B:[0-9a-f]+)","(S:[0-9a-f]+)"\)/gi)) parts.set(m[1]!, m[2]!);
  for (const m of html.matchAll(/\$RS\("(S:[0-9a-f]+)","(P:[0-9a-f]+)"\)/gi)) parts.set(m[2]!, m[1]!);
  for (const m of html.matchAll(/data-bid="(B:[0-9a-f]+)"[^>]*data-sid="(S:[0-9a-f]+)"/gi)) parts.set(m[1]!, m[2]!);
  return parts;
}

/**
 * `stripNonContent` for a streamed page: the placeholders and the ends of fallback content are
 * kept, as `<nl-slot>` and `<nl-end>` elements, for `revealStreamed`.
 */
function stripStreamed(html: string): string {
  const marked = html.replace(SLOT_RE, '<nl-slot data-part="$1"></nl-slot>').split(BOUNDARY_END).join('<nl-end></nl-end>');
  return stripNonContent(marked);
}

/**
 * Moves each hidden part of a streamed page (parsed from `stripStreamed`'s HTML) into its
 * placeholder, dropping the placeholder's fallback content. Parts nest (a part holds further
 * placeholders), so placeholders are filled until none is left that a part can fill.
 */
function revealStreamed(doc: Document, parts: Map<string, string>): void {
  for (let pass = 0; pass < 20; pass++) {
    let moved = false;
    for (const slot of Array.from(doc.querySelectorAll('nl-slot'))) {
      const id = slot.getAttribute('data-part') ?? '';
      const partId = parts.get(id) ?? `S:${id.slice(2)}`;
      const part = doc.getElementById(partId);
      const parent = slot.parentNode;
      // a part holding its own placeholder (a malformed page) cannot fill it
      if (!part || !parent || part.getAttribute('hidden') === null || part.contains(slot)) continue;
      if (id.startsWith('B:')) {
        // the fallback content runs from the placeholder to the boundary's end mark
        let end: Element | null = slot.nextElementSibling;
        while (end && end.tagName.toLowerCase() !== 'nl-end') end = end.nextElementSibling;
        if (end) while (slot.nextSibling && slot.nextSibling !== end) slot.nextSibling.remove();
      }
      while (part.firstChild) parent.insertBefore(part.firstChild, slot);
      slot.remove();
      part.remove();
      moved = true;
    }
    if (!moved) break;
  }
  for (const el of Array.from(doc.querySelectorAll('nl-slot, nl-end'))) el.remove();
}

/** A page's HTML ready to parse: stripped, and for a streamed page the parts `parseDom` moves into place. */
export interface PreparedHtml {
  html: string;
  parts: Map<string, string> | null;
}

/** Strips a page's HTML for parsing (`stripNonContent`), keeping what a streamed page needs put together. */
export function prepareHtml(raw: string): PreparedHtml {
  const parts = streamedParts(raw);
  return { html: parts ? stripStreamed(raw) : stripNonContent(raw), parts };
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

function parseAny(html: string, kind: DomKind): ParsedDom {
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

/**
 * Parses `html` (from `prepareHtml`, or any HTML) into a document, with a streamed page's
 * `parts` moved into place. With `kind: 'jsdom'` a jsdom failure (it throws on some CSS) falls
 * back to linkedom; jsdom must have been enabled with `enableJsdom()` first, else linkedom is used.
 */
export function parseDom(html: string, kind: DomKind = 'linkedom', parts: Map<string, string> | null = null): ParsedDom {
  const dom = parseAny(html, kind);
  if (parts) revealStreamed(dom.document, parts);
  return dom;
}
