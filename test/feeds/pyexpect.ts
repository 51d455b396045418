// A small evaluator for the Python `Expect:` expressions of feedparser's test files, limited to the
// fields a ParsedFeed carries. Each top-level `and` conjunct is evaluated on its own; a conjunct that
// names something a ParsedFeed does not model (bozo, tagline, author_detail, ...) is "not
// applicable" and skipped, never counted as a pass.

export class Unsupported extends Error {}

type Tok = { t: 'str' | 'num' | 'name' | 'op'; v: string };

function unescapePy(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    const c = e[0]!;
    if (c === 'u' || c === 'U' || c === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/[0-7]/.test(c)) return String.fromCodePoint(parseInt(e, 8));
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
    return map[c] ?? `\\${c}`;
  });
}

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const sm = /^[uUbBrR]{0,2}('''|"""|'|")/.exec(src.slice(i));
    if (sm && (sm[0].length === sm[1]!.length || /^[uUbBrR]/.test(c))) {
      const q = sm[1]!;
      const raw = /[rR]/.test(sm[0].slice(0, sm[0].length - q.length));
      let j = i + sm[0].length;
      let body = '';
      while (j < src.length && !src.startsWith(q, j)) {
        if (src[j] === '\\' && !raw) { body += src[j]! + (src[j + 1] ?? ''); j += 2; continue; }
        body += src[j]!;
        j++;
      }
      if (j >= src.length) throw new Unsupported('unterminated string');
      out.push({ t: 'str', v: raw ? body : unescapePy(body) });
      i = j + q.length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?L?/.exec(src.slice(i));
    if (num && (c !== '-' || out.length === 0 || out[out.length - 1]!.t === 'op')) {
      out.push({ t: 'num', v: num[0].replace(/L$/, '') });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (name) { out.push({ t: 'name', v: name[0] }); i += name[0].length; continue; }
    const op = /^(==|!=|<=|>=|[()[\],+<>:{}])/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[0] }); i += op[0].length; continue; }
    throw new Unsupported(`unexpected ${c}`);
  }
  return out;
}

export interface Model {
  get(path: (string | number)[]): unknown; // throws Unsupported for unmodelled fields
  compareStrings(path: (string | number)[], ours: string, expected: string): boolean;
  encodingEquals(expected: string): boolean;
}

type Val = { v: unknown; path?: (string | number)[] };

class P {
  i = 0;
  constructor(private toks: Tok[], private model: Model) {}
  peek(): Tok | undefined { return this.toks[this.i]; }
  eat(v?: string): Tok {
    const t = this.toks[this.i];
    if (!t || (v !== undefined && t.v !== v)) throw new Unsupported(`expected ${v}`);
    this.i++;
    return t;
  }
  done(): boolean { return this.i >= this.toks.length; }

  // Top level: split on `and`/`or`; returns per-conjunct results for `and`
  orExpr(): boolean {
    let v = this.andExpr();
    while (this.peek()?.v === 'or') { this.eat(); const r = this.andExpr(); v = v || r; }
    return v;
  }
  andExpr(): boolean {
    let v = this.notExpr();
    while (this.peek()?.v === 'and') { this.eat(); const r = this.notExpr(); v = v && r; }
    return v;
  }
  notExpr(): boolean {
    if (this.peek()?.v === 'not') { this.eat(); return !this.notExpr(); }
    return this.cmp();
  }
  cmp(): boolean {
    const vals: Val[] = [this.sum()];
    const ops: string[] = [];
    while (this.peek() && ['==', '!='].includes(this.peek()!.v)) {
      ops.push(this.eat().v);
      vals.push(this.sum());
    }
    if (ops.length === 0) return truthy(vals[0]!.v);
    for (let k = 0; k < ops.length; k++) {
      const eq = this.equal(vals[k]!, vals[k + 1]!);
      if ((ops[k] === '==') !== eq) return false;
    }
    return true;
  }
  equal(a: Val, b: Val): boolean {
    if (a.path?.[0] === '__encoding__' && typeof b.v === 'string') return this.model.encodingEquals(b.v);
    if (a.path && typeof a.v === 'string' && typeof b.v === 'string') return this.model.compareStrings(a.path, a.v, b.v);
    if (b.path && typeof b.v === 'string' && typeof a.v === 'string') return this.model.compareStrings(b.path, b.v, a.v);
    return JSON.stringify(a.v) === JSON.stringify(b.v);
  }
  sum(): Val {
    let v = this.primary();
    while (this.peek()?.v === '+') {
      this.eat();
      const r = this.primary();
      if (typeof v.v === 'string' && typeof r.v === 'string') v = { v: v.v + r.v };
      else throw new Unsupported('+');
    }
    return v;
  }
  primary(): Val {
    const t = this.peek();
    if (!t) throw new Unsupported('eof');
    if (t.t === 'str') { this.eat(); return { v: t.v }; }
    if (t.t === 'num') { this.eat(); return { v: Number(t.v) }; }
    if (t.v === '(') {
      this.eat('(');
      const items: unknown[] = [];
      while (this.peek()?.v !== ')') { items.push(this.sum().v); if (this.peek()?.v === ',') this.eat(','); }
      this.eat(')');
      return { v: items.length === 1 ? items[0] : items };
    }
    if (t.t === 'name') {
      this.eat();
      if (t.v === 'len') {
        this.eat('(');
        const inner = this.sum();
        this.eat(')');
        if (!Array.isArray(inner.v)) throw new Unsupported('len of non-list');
        return { v: inner.v.length };
      }
      if (t.v === 'encoding') return { v: null, path: ['__encoding__'] };
      if (t.v === 'feed' || t.v === 'entries') {
        const path: (string | number)[] = [t.v];
        while (this.peek()?.v === '[') {
          this.eat('[');
          const k = this.eat();
          if (k.t !== 'str' && k.t !== 'num') throw new Unsupported('computed key');
          path.push(k.t === 'num' ? Number(k.v) : k.v);
          this.eat(']');
        }
        if (this.peek()?.v === '(' ) throw new Unsupported('call');
        return { v: this.model.get(path), path };
      }
      throw new Unsupported(t.v);
    }
    throw new Unsupported(t.v);
  }
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return !!v;
}

/** Splits an expression at top-level ` and ` (outside strings and brackets). */
function conjuncts(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.t === 'op' && (t.v === '(' || t.v === '[')) depth++;
    if (t.t === 'op' && (t.v === ')' || t.v === ']')) depth--;
    if (depth === 0 && t.t === 'name' && t.v === 'and') { out.push([]); continue; }
    out[out.length - 1]!.push(t);
  }
  return out;
}

export interface ExpectResult {
  applicable: number;
  passed: number;
  failures: string[];
}

/** Evaluates each top-level conjunct it can; unsupported ones are skipped. */
export function evaluateExpect(expr: string, model: Model): ExpectResult {
  const res: ExpectResult = { applicable: 0, passed: 0, failures: [] };
  let toks: Tok[];
  try {
    toks = tokenize(expr);
  } catch {
    return res;
  }
  if (toks.some((t) => t.t === 'name' && t.v === 'or')) {
    // Disjunctions are evaluated whole.
    try {
      const p = new P(toks, model);
      const ok = p.orExpr();
      if (!p.done()) throw new Unsupported('trailing');
      res.applicable = 1;
      res.passed = ok ? 1 : 0;
      if (!ok) res.failures.push(expr);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    return res;
  }
  for (const c of conjuncts(toks)) {
    try {
      const p = new P(c, model);
      const ok = p.notExpr();
      if (!p.done()) throw new Unsupported('trailing');
      res.applicable++;
      if (ok) res.passed++;
      else res.failures.push(c.map((t) => (t.t === 'str' ? JSON.stringify(t.v) : t.v)).join(' '));
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  return res;
}
