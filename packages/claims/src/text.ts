// Tokens, sentences and quotations with UTF-16 offsets into the input text.

export interface Token {
  text: string;
  /** Lower-cased text with curly apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  kind: 'word' | 'num' | 'punct';
}

export interface Sentence {
  start: number;
  end: number;
  text: string;
  tokens: Token[];
  /** Index of the paragraph (block of text between blank or single line breaks). */
  para: number;
}

export interface Quote {
  start: number;
  end: number;
  /** Offsets of the quoted text without the quote marks. */
  innerStart: number;
  innerEnd: number;
}

const TOKEN_RE =
  /\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\p{L}\d])|\d+(?:\.\d+)?(?![\p{L}\d])|[\p{L}\p{M}\d]+(?:[’'.-][\p{L}\p{M}\d]+)*|\S/gu;

export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const t = m[0];
    const kind: Token['kind'] = /^\d/.test(t) && /^[\d.,]+$/.test(t) ? 'num' : /[\p{L}\p{M}\d]/u.test(t) ? 'word' : 'punct';
    out.push({ text: t, lower: t.toLowerCase().replace(/’/g, "'"), start: m.index + offset, end: m.index + offset + t.length, kind });
  }
  return out;
}

const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'capt', 'adm', 'st', 'jr', 'sr', 'vs', 'no',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'inc', 'corp', 'co', 'ltd', 'mt', 'ft', 'u.s', 'u.n', 'u.k', 'e.g', 'i.e', 'etc', 'approx', 'rev', 'pres', 'supt', 'messrs',
]);


/** Quotations in a paragraph: curly, straight or mixed marks paired in order; an unclosed quote is dropped. */
export function findQuotes(text: string, from = 0, to = text.length): Quote[] {
  const out: Quote[] = [];
  let open = -1;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c !== '“' && c !== '”' && c !== '"' && c !== '«' && c !== '»') continue;
    // inch marks and the like: 6'3", 12"
    if (c === '"' && i > 0 && /\d/.test(text[i - 1]!)) continue;
    if (open < 0) {
      if (c === '“' || c === '"' || c === '«') open = i;
    } else if (c === '”' || c === '"' || c === '»') {
      out.push({ start: open, end: i + 1, innerStart: open + 1, innerEnd: i });
      open = -1;
    } else if (c === '“' || c === '«') {
      open = i; // a new opening mark before a close: the earlier one was stray
    }
  }
  return out;
}

/** Splits text into paragraphs (line breaks) and sentences, keeping quotations whole. */
export function splitSentences(text: string): { sentences: Sentence[]; quotes: Quote[] } {
  const sentences: Sentence[] = [];
  const quotes: Quote[] = [];
  const paraRe = /[^\n]+/g;
  let pm: RegExpExecArray | null;
  let para = 0;
  while ((pm = paraRe.exec(text)) !== null) {
    const pStart = pm.index;
    const pEnd = pm.index + pm[0].length;
    if (!pm[0].trim()) continue;
    const pq = findQuotes(text, pStart, pEnd);
    quotes.push(...pq);
    const inQuote = (pos: number): Quote | undefined => pq.find((q) => pos > q.start && pos < q.end - 1);
    const tokens = tokenize(pm[0], pStart);
    let sStart = 0;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      let boundary = false;
      let endIdx = k;
      if (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…') {
        const prev = tokens[k - 1];
        const next = tokens[k + 1];
        if (!next) continue;
        // absorb closing quotes / brackets
        let n = k + 1;
        while (n < tokens.length && /^[”"’')\]»]$/.test(tokens[n]!.text) && tokens[n]!.start === tokens[n - 1]!.end) n++;
        const nx = tokens[n];
        if (!nx) continue;
        if (t.text === '.' && prev && prev.end === t.start && (ABBREV.has(prev.lower) || /^\p{Lu}$/u.test(prev.text))) {
          // an abbreviation or an initial: a boundary only when a clearly new sentence follows
          if (!(prev.lower === 'u.s' || prev.lower === 'u.n') || !/^\p{Lu}/u.test(nx.text)) continue;
          if (!/^(the|a|an|he|she|they|it|we|i|but|in|on|this|that)$/i.test(nx.text)) continue;
        }
        if (nx.start === tokens[n - 1]!.end && /^[\p{L}\d]/u.test(nx.text)) continue; // "U.S.A" / "3.5"
        if (!/^[\p{Lu}\d“"‘'([«—–-]/u.test(nx.text) && !/^\p{Lu}/u.test(nx.text)) continue;
        const q = inQuote(t.start);
        if (q && nx.start < q.end - 1) continue; // inside a quotation: keep whole
        boundary = true;
        endIdx = n - 1;
      }
      if (boundary) {
        const slice = tokens.slice(sStart, endIdx + 1);
        if (slice.length) pushSentence(text, sentences, slice, para);
        sStart = endIdx + 1;
        k = endIdx;
      }
    }
    const rest = tokens.slice(sStart);
    if (rest.length) pushSentence(text, sentences, rest, para);
    para++;
  }
  return { sentences, quotes };
}

/** Longest sentence kept whole; longer runs (lists, markup, text without stops) are cut so work stays linear. */
const MAX_SENTENCE_TOKENS = 300;

function pushSentence(text: string, out: Sentence[], tokens: Token[], para: number): void {
  if (tokens.length > MAX_SENTENCE_TOKENS) {
    for (let i = 0; i < tokens.length; i += MAX_SENTENCE_TOKENS) pushSentence(text, out, tokens.slice(i, i + MAX_SENTENCE_TOKENS), para);
    return;
  }
  const start = tokens[0]!.start;
  const end = tokens[tokens.length - 1]!.end;
  out.push({ start, end, text: text.slice(start, end), tokens, para });
}

/**
 * The text with doubled apostrophes used as quotation marks (''like this'') written as one straight
 * double quote, length kept: the mark goes beside the quoted word and the other character becomes a
 * space, so every offset still points into the original text.
 */
export function normalizeQuoteMarks(text: string): string {
  if (!text.includes("''")) return text;
  return text.replace(/''/g, (m, at: number) => {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + 2] ?? ' ';
    // an opening mark sits before a word, a closing one after it
    if (/\s/.test(before) || /[([—–-]/.test(before) || at === 0) return ' "';
    if (/\s/.test(after) || /[\p{P}]/u.test(after)) return '" ';
    return m;
  });
}
