// Recovery of ill-formed feed markup, the way lenient feed parsers read it: Universal Feed Parser's
// loose mode starts a new entry at every <item>/<entry> start tag whatever was left open, and keeps
// the entries it has when the document ends early. Here the markup is rebalanced into well-formed
// XML that the strict parser then reads: an item or entry start tag closes whatever is open down
// to the channel/feed (items do not nest), an end tag closes the elements left open inside its
// element (and a stray one is dropped), and the end of the document closes everything still open
// (a truncated feed, an unclosed root, an unterminated comment or CDATA section). Linear time.

const NAME = /[A-Za-z_][\w.:-]*/y;
/** Elements that hold items or entries: RSS 2.0's channel, RSS 1.0's rdf:RDF root, Atom's feed (and RSS 0.9x's rss root). */
const CONTAINERS = new Set(['channel', 'rdf', 'feed', 'rss']);
const ITEMS = new Set(['item', 'entry']);

function local(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/** The index just past the '>' that ends the tag opened at `from`, honouring quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<') return -1; // a tag never holds '<' (not even in a quoted value): this one was cut off
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

/** Rebalances the element structure of `text` (see the module comment). Well-formed input comes back unchanged. */
export function rebalance(text: string): string {
  const out: string[] = [];
  const stack: string[] = [];
  let rootClosed = false;
  let i = 0;
  const closeTo = (depth: number): void => {
    while (stack.length > depth) out.push(`</${stack.pop()!}>`);
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      if (!rootClosed) out.push(text.slice(i));
      break;
    }
    if (lt > i && !rootClosed) out.push(text.slice(i, lt));
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      out.push(end < 0 ? `${text.slice(i)}-->` : text.slice(i, end + 3));
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (!rootClosed) out.push(end < 0 ? `${text.slice(i)}]]>` : text.slice(i, end + 3));
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end >= 0) out.push(text.slice(i, end + 2));
      i = end < 0 ? i + 2 : end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) {
      const end = tagEnd(text, i + 2);
      if (end >= 0) out.push(text.slice(i, end));
      i = end < 0 ? i + 2 : end;
      continue;
    }
    const closing = text[i + 1] === '/';
    NAME.lastIndex = i + (closing ? 2 : 1);
    const m = NAME.exec(text);
    const end = m ? tagEnd(text, NAME.lastIndex) : -1;
    if (!m || end < 0) {
      // A tag cut off by the end of the document is dropped; any other '<' that opens no tag is text.
      if (m && text.indexOf('<', i + 1) < 0) break;
      if (!rootClosed) out.push('&lt;');
      i += 1;
      continue;
    }
    const name = m[0];
    const start = i;
    i = end;
    if (rootClosed) continue; // a second root element, or junk after the document
    if (closing) {
      const key = name.toLowerCase();
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.toLowerCase() !== key) at--;
      if (at < 0) continue; // an end tag with nothing to close
      closeTo(at + 1);
      out.push(`</${stack.pop()!}>`);
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    if (ITEMS.has(local(name)) && !name.includes(':')) {
      let at = stack.length - 1;
      while (at >= 0 && !CONTAINERS.has(local(stack[at]!))) at--;
      if (at >= 0) closeTo(at + 1);
    }
    const tag = text.slice(start, end);
    out.push(tag);
    if (!/\/\s*>$/.test(tag)) stack.push(name);
    else if (stack.length === 0) rootClosed = true;
  }
  closeTo(0);
  return out.join('');
}
