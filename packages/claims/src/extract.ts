// extractClaims: sentences -> attributions (speaker, cue, content) -> quantities -> claims.
import { defaultAliases } from './aliases.js';
import { claimDate, isoDay } from './dates.js';
import { EntityTracker } from './entities.js';
import { notAnalysedNote } from './language.js';
import { defaultContentModel } from './content-model.js';
import { defaultCueModel } from './cue-model.js';
import { defaultLexicon } from './lexicon.js';
import { findQuantities } from './quantities.js';
import { normalizeQuoteMarks, splitSentences, type Sentence } from './text.js';
import type { ClaimsContext, DetailedClaim } from './types.js';
import { type Attr, findAttributions, type LaterRule } from './rules/attributions.js';
import { learnedCueRule } from './rules/learned-cues.js';
import { tagCache } from './rules/complements.js';
import { textOf } from './rules/noun-phrases.js';
import { mainSubject } from './rules/subjects.js';
import { keptEdges, placeContent } from './rules/content-spans.js';
import { continueQuote } from './rules/quotations.js';
import { colonAttribution, headlineSource, isHeadline } from './rules/titles.js';
import { dashSignature, transcriptTurn } from './rules/turns.js';

/** Extracts claims: reported statements with their speaker, cue and content, and every figure stated. */
export function extractClaimsDetailed(original: string, ctx: ClaimsContext = {}): DetailedClaim[] {
  const text = normalizeQuoteMarks(original);
  tagCache.clear(); // per article: a cache across articles would only flatter repeated runs
  const aliases = ctx.aliases ?? defaultAliases();
  const tracker = new EntityTracker(aliases);
  const published = isoDay(ctx.publishedAt ?? null);
  const { sentences, quotes } = splitSentences(text);
  const claims: DetailedClaim[] = [];
  let lastResolved: Attr['resolved'] = null;
  const lexicon = ctx.lexicon ?? defaultLexicon();
  const cueModel = ctx.cueModel === undefined ? defaultCueModel() : ctx.cueModel;
  const contentModel = ctx.contentModel === undefined ? defaultContentModel() : ctx.contentModel;
  const learnedCues: LaterRule | null = cueModel ? (scan, found) => learnedCueRule(scan, cueModel, found) : null;
  const names = personNames(text, lexicon.notNames);
  tracker.setNames(names);
  let prev: Sentence | null = null;
  let signed = false;
  for (const s of sentences) {
    try {
      const headline = isHeadline(s, sentences, text);
      const attrs = findAttributions(s, text, quotes, prev, headline, learnedCues);
      const found = findQuantities(s, text, lexicon);
      // each content where the content model places it among the spans it could be (with the figures the rules gave it)
      if (contentModel && !headline) {
        const figures = found.map((q): [number, number] => [q.start, q.end]);
        for (const a of attrs) {
          const keep = keptEdges(s.tokens, a.cls, a.mentionTok?.[0] ?? null, a.ownEdges);
          [a.start, a.end] = placeContent({ tokens: s.tokens, text, cue: a.cue, speaker: a.speakerTok, rule: [a.start, a.end], figures, keep }, contentModel);
        }
      }
      // speakers named by layout: "WALLACE: ..." turns, "“...” ― Ines Kaldor"
      const byLayout = transcriptTurn(s, text, sentences) ?? dashSignature(s, text, quotes);
      if (byLayout && !attrs.some((a) => a.start < byLayout.end && byLayout.start < a.end)) attrs.unshift(byLayout);
      if (!attrs.length) {
        const colon = colonAttribution(s, text, quotes, sentences);
        if (colon) attrs.push(colon);
      }
      // a quotation that goes on after its attribution: "“...,” Barkley said. “They have followed ratings ...”"
      // a signed quotation ("“...” ― Ines Kaldor") ends there: the next quotation is another's
      if (!attrs.length && !signed) continueQuote(s, text, quotes, claims, prev, sentences);
      signed = !!byLayout && attrs.includes(byLayout) && byLayout.cueText !== ':';
      prev = s;
      tracker.at(s.start);
      // register role-name mentions in the sentence ("National Security Council spokesman John Kirby speaks ...")
      noteNames(s, tracker);
      const sentenceClaims: DetailedClaim[] = [];
      for (const a of attrs) {
        let inheritedSpan: [number, number] | null = null;
        if (a.speakerText) a.resolved = tracker.resolve(a.speakerText);
        else if (a.inheritFrom) {
          const before = sentenceClaims.filter((c) => c.cueStart! < s.tokens[a.cue[0]]!.start && c.speaker);
          const last = before[before.length - 1];
          if (last) {
            a.resolved = resolvedOf(last);
            if (last.speakerStart != null) inheritedSpan = [last.speakerStart, last.speakerEnd!];
          } else {
            const subj = mainSubject(s.tokens);
            a.resolved = subj ? tracker.resolve(textOf(text, s.tokens, subj)) : lastResolved;
            if (subj) inheritedSpan = [s.tokens[subj[0]]!.start, s.tokens[subj[1] - 1]!.end];
          }
        }
        if (a.resolved) lastResolved = a.resolved;
        const sp = a.mentionTok ?? a.speakerTok;
        const cueStart = s.tokens[a.cue[0]]!.start;
        const cueEnd = s.tokens[a.cue[1] - 1]!.end;
        const claim: DetailedClaim = {
          speaker: a.resolved?.name ?? (a.speakerText ?? null),
          speakerStart: sp ? s.tokens[sp[0]]!.start : (inheritedSpan?.[0] ?? null),
          speakerEnd: sp ? s.tokens[sp[1] - 1]!.end : (inheritedSpan?.[1] ?? null),
          speakerKind: a.resolved?.kind ?? null,
          actor: a.resolved?.actor ?? a.speakerText ?? null,
          cueClass: a.cls ?? null,
          cue: a.cueText,
          cueStart,
          cueEnd,
          text: text.slice(a.start, a.end),
          start: a.start,
          end: a.end,
          claimedAt: null,
          quantities: [],
        };
        claim.claimedAt = claimDate(s.text, s.start, published, cueStart) ?? published;
        sentenceClaims.push(claim);
      }
      // headline attribution: "'Israel's' invasion killed chance of releasing up to 50 captives: NYT"
      const head = sentenceClaims.length === 0 ? headlineSource(s, text) : null;
      let headClaim: DetailedClaim | null = null;
      if (head) {
        const r = tracker.resolve(head.name);
        headClaim = {
          speaker: r?.name ?? head.name, speakerStart: head.start, speakerEnd: head.end, speakerKind: r?.kind ?? 'organization',
          actor: r?.actor ?? head.name, cueClass: null, cue: null, cueStart: null, cueEnd: null,
          text: text.slice(s.start, head.contentEnd), start: s.start, end: head.contentEnd, claimedAt: published, quantities: [],
        };
      }
      // figures: each goes to the innermost statement that contains it, else to the sentence as the article's own claim
      let own: DetailedClaim | null = null;
      for (const qn of found) {
        let best: DetailedClaim | null = null;
        for (const c of sentenceClaims) {
          if (qn.start >= c.start && qn.end <= c.end && (!best || c.end - c.start < best.end - best.start)) best = c;
        }
        if (!best) {
          // a figure in a quotation that spans sentences, attributed in an earlier sentence
          for (const c of claims) if (qn.start >= c.start && qn.end <= c.end && c.cue && (!best || c.end - c.start < best.end - best.start)) best = c;
        }
        if (!best && headClaim && qn.start >= headClaim.start && qn.end <= headClaim.end) best = headClaim;
        if (!best) {
          own ??= {
            speaker: null, speakerStart: null, speakerEnd: null, speakerKind: null, actor: null, cueClass: null, cue: null, cueStart: null, cueEnd: null,
            text: s.text, start: s.start, end: s.end, claimedAt: claimDate(s.text, s.start, published, s.start) ?? published, quantities: [],
          };
          best = own;
        }
        best.quantities.push(qn);
      }
      claims.push(...sentenceClaims);
      if (headClaim) claims.push(headClaim);
      if (own) claims.push(own);
    } catch (err) {
      // not swallowed: the caller (the claims stage) fails the article's job with this message
      throw new Error(`extractClaims: the sentence at ${s.start}-${s.end} (“${s.text.slice(0, 60)}”): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  if (text !== original) for (const c of claims) c.text = original.slice(c.start, c.end);
  return claims;
}

const NAME_SEQ = /(?<![\p{L}])((?:[A-Z][\p{L}’'-]+|(?:al|el|bin|ibn|abu|de|van|von|da)(?:-[A-Z][\p{L}’'-]+)?)(?:\s+(?:[A-Z][\p{L}’'-]+|(?:al|el|bin|ibn|abu|de|van|von|da)(?:-[A-Z][\p{L}’'-]+)?)){1,3})/gu;
/** Candidate person names (2-4 capitalised words) with their offsets, for short-name resolution. */
function personNames(text: string, notNames: Set<string>): Array<{ name: string; start: number }> {
  const out: Array<{ name: string; start: number }> = [];
  NAME_SEQ.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_SEQ.exec(text)) !== null) {
    let words = m[1]!.split(/\s+/);
    let off = m.index;
    while (words.length && notNames.has(words[0]!)) { off += words[0]!.length + 1; words = words.slice(1); }
    if (words.length >= 2 && !words.some((w) => notNames.has(w) && !/^(Al|El)$/.test(w))) out.push({ name: words.join(' '), start: off });
  }
  return out;
}

function resolvedOf(c: DetailedClaim): Attr['resolved'] {
  return c.speaker ? { name: c.speaker, kind: c.speakerKind, actor: c.actor ?? c.speaker } : null;
}

const NAME_RE = /\b((?:[A-Z][a-z]+\s+){0,4}(?:[Pp]resident|[Mm]inister|[Ss]pokes(?:man|woman|person)|[Ss]ecretary|[Ll]eader|[Aa]dmiral|[Cc]hief|[Aa]mbassador|[Ee]nvoy|[Cc]ommander|[Dd]irector|[Cc]hairman|[Gg]overnor|[Ss]enator|Gen\.|Sen\.|Rep\.)(?:\s+(?:of\s+)?[A-Z][a-z]+)*?)\s+((?:[A-Z][\p{L}'’-]+\s+){0,2}[A-Z][\p{L}'’-]+)/gu;
function noteNames(s: Sentence, tracker: EntityTracker): void {
  NAME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_RE.exec(s.text)) !== null) {
    tracker.noteMention(`${m[1]} ${m[2]}`);
  }
}


/** Claims of an article: statements with speaker, cue and content, and every figure stated (see the README). */
export function extractClaims(text: string, ctx: ClaimsContext = {}): DetailedClaim[] {
  if (typeof text !== 'string') throw new TypeError(`extractClaims: text must be a string, got ${typeof text}`);
  // English rules on another language find "figures" that are words of its sentences: none at all instead
  if (notAnalysedNote(ctx.language)) return [];
  return extractClaimsDetailed(text, ctx);
}
