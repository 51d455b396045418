// toEvents: normalized events (a statement per attributed claim, a figure per quantity) with stable keys.
import { fnv1a32Hex } from '@newsline/formats';
import { aliasIndex, defaultAliases } from './aliases.js';
import { cueForm } from './cues.js';
import { isoDay } from './dates.js';
import { subjectClass } from './quantities.js';
import { defaultLexicon, type Lexicon } from './lexicon.js';
import type { ClaimsContext, DetailedClaim, DetailedQuantity, EventDraft } from './types.js';

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'and', 'or', 'that', 'is', 'are', 'was', 'were', 'be', 'been', 'it', 'its', 'for', 'with', 'as', 'by', 'at', 'this', 'from', 'will', 'would', 'has', 'have', 'had', 'not', 'but', 'we', 'they', 'he', 'she', 'there']);

/** Short stable hashes for keys. */
const hash = fnv1a32Hex;

const slug = (s: string | null): string => (s ? s.toLowerCase().replace(/[’']/g, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') : '-');

function fmt(n: number | null): string {
  if (n == null) return '-';
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

function contentSignature(text: string): string {
  const words = text.toLowerCase().replace(/[’']/g, "'").split(/[^\p{L}\p{N}']+/u).filter((w) => w.length > 2 && !STOP.has(w));
  const set = [...new Set(words.map((w) => w.replace(/(ies|es|s|ed|ing)$/, '')))].sort();
  return hash(set.join(' '));
}

/** Normalized events from claims: one statement per claim with a cue, one figure per quantity. */
export function toEvents(claims: DetailedClaim[], ctx: ClaimsContext = {}): EventDraft[] {
  const index = aliasIndex(ctx.aliases ?? defaultAliases());
  const lexicon = ctx.lexicon ?? defaultLexicon();
  const published = isoDay(ctx.publishedAt ?? null);
  const out: EventDraft[] = [];
  claims.forEach((c, claimIndex) => {
    const entry = c.speaker ? index.lookup(c.speaker) : null;
    const actor = c.actor ?? (entry ? (entry.actsFor ?? entry.canonical) : c.speaker);
    const actorEntry = actor ? index.byCanonical(actor) : null;
    const actorKind = actorEntry?.kind ?? c.speakerKind ?? null;
    const when = c.claimedAt ?? published;
    if (c.cue) {
      const cue = cueForm(c.cue.toLowerCase().split(/\s+/)[0] ?? '')?.base ?? slug(c.cue);
      out.push({
        // no date in the key: two articles a day apart report the same statement
        key: `statement:${slug(actor)}:${cue}:${contentSignature(c.text)}`,
        kind: 'statement',
        actor,
        actorKind,
        subject: cue,
        place: null,
        value: null, low: null, high: null, qualifier: null,
        occurredOn: when,
        content: c.text,
        claimIndex,
        start: c.start,
        end: c.end,
      });
    }
    for (const q of c.quantities) out.push(figureEvent(q, actor, actorKind, when, claimIndex, lexicon));
  });
  return out;
}

function figureEvent(q: DetailedQuantity, actor: string | null, actorKind: EventDraft['actorKind'], when: string | null, claimIndex: number, lexicon: Lexicon): EventDraft {
  const cls = q.subjectHead ?? subjectClass(q.subject, lexicon);
  const amount = q.qualifier === 'range' ? `${fmt(q.low)}-${fmt(q.high)}` : fmt(q.value);
  return {
    key: `figure:${slug(actor)}:${cls ?? '-'}:${q.qualifier}:${amount}`,
    kind: 'figure',
    actor,
    actorKind,
    subject: cls ?? q.subject,
    place: q.place,
    value: q.value,
    low: q.low,
    high: q.high,
    qualifier: q.qualifier,
    occurredOn: when,
    content: q.text,
    claimIndex,
    start: q.start,
    end: q.end,
  };
}
