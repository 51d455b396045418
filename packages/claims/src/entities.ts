// Speaker mentions: pronouns, short names, roles and aliases resolved to a name and a kind.
import { aliasIndex, type AliasIndex } from './aliases.js';
import type { AliasEntry, AliasTable } from './types.js';

export type Kind = AliasEntry['kind'];

export interface Resolved {
  name: string;
  kind: Kind | null;
  /** Name of the actor for events (an alias's actsFor, else the name). */
  actor: string;
}

interface Known {
  name: string;
  kind: Kind | null;
  actor: string;
  head: string;
  words: Set<string>;
  personLike: boolean;
  plural: boolean;
}

const ROLE_HEADS = new Set([
  'president', 'minister', 'spokesman', 'spokeswoman', 'spokesperson', 'secretary', 'leader', 'official', 'chief', 'director',
  'ambassador', 'general', 'admiral', 'senator', 'sen', 'rep', 'representative', 'governor', 'mayor', 'chairman', 'chairwoman', 'chair',
  'commander', 'envoy', 'adviser', 'advisor', 'aide', 'deputy', 'head', 'king', 'queen', 'prince', 'emir', 'amir', 'sheikh', 'premier',
  'chancellor', 'speaker', 'correspondent', 'reporter', 'analyst', 'expert', 'professor', 'prof', 'dr', 'mr', 'mrs', 'ms', 'candidate',
  'nominee', 'judge', 'justice', 'attorney', 'lawyer', 'officer', 'diplomat', 'negotiator', 'mediator', 'founder', 'ceo', 'manager',
  'strategist', 'pollster', 'economist', 'scientist', 'researcher', 'author', 'columnist', 'editor', 'host', 'coach', 'mother',
  'father', 'son', 'daughter', 'wife', 'husband', 'brother', 'sister', 'member', 'activist', 'organizer', 'agent', 'investigator',
  'prosecutor', 'sheriff', 'detective', 'soldier', 'survivor', 'witness', 'resident', 'doctor', 'nurse', 'worker', 'employee',
  'student', 'teacher', 'voter', 'supporter', 'critic', 'opponent', 'man', 'woman', 'person', 'source', 'spokesmen', 'lt', 'col', 'gen',
  'capt', 'sgt', 'secretary-general', 'vice', 'rabbi', 'imam', 'bishop', 'pope', 'boss', 'owner', 'partner', 'colleague', 'friend',
]);
const PLURAL_GROUP = /(?:s|people|media|police|staff|personnel|team|group|administration|government|army|military|movement|party|committee|council|campaign|ministry|department|agency|office|newspaper|network|report|reports|poll|survey|study)$/i;
const PRONOUNS: Record<string, 'person' | 'plural' | 'thing'> = {
  he: 'person', she: 'person', him: 'person', her: 'person', they: 'plural', it: 'thing', we: 'plural', i: 'person',
};

const norm = (s: string): string => s.replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
const stripDet = (s: string): string => s.replace(/^(the|a|an|this|that|these|those|another|one|some)\s+/i, '');
const isCap = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Tracks mentions through an article and resolves new ones against them. */
export class EntityTracker {
  private readonly index: AliasIndex;
  private readonly history: Known[] = [];
  private readonly roles = new Map<string, Known>();

  private names: Array<{ name: string; start: number }> = [];
  private pos = 0;
  private noting = false;

  constructor(aliases: AliasTable) {
    this.index = aliasIndex(aliases);
  }

  /** Full names found in the text (with offsets): a short name resolves to the last one before it. */
  setNames(names: Array<{ name: string; start: number }>): void {
    this.names = names;
  }

  /** The offset of the sentence being read. */
  at(pos: number): void {
    this.pos = pos;
  }

  /** Registers names stated in passing ("National Security Council spokesman John Kirby") so later roles resolve. */
  noteMention(np: string): void {
    this.noting = true;
    try {
      this.analyse(np, false);
    } finally {
      this.noting = false;
    }
  }

  resolve(np: string): Resolved | null {
    return this.analyse(np, true);
  }

  private remember(k: Known): void {
    if (this.noting) return;
    this.history.push(k);
  }

  private analyse(rawNp: string, asSpeaker: boolean): Resolved | null {
    const np = norm(rawNp).replace(/^[“"'‘(]+|[”"'’),.:;]+$/g, '');
    if (!np) return null;
    const lower = np.toLowerCase();
    // pronouns
    const pron = Object.hasOwn(PRONOUNS, lower) ? PRONOUNS[lower] : undefined;
    if (pron) {
      if (!asSpeaker) return null;
      for (let i = this.history.length - 1; i >= 0; i--) {
        const h = this.history[i]!;
        if (pron === 'person' && h.personLike) return toResolved(h);
        if (pron === 'plural' && (h.plural || h.kind === 'organization' || h.kind === 'government')) return toResolved(h);
        if (pron === 'thing' && !h.personLike && (h.kind === 'organization' || h.kind === 'government' || h.kind === 'place')) return toResolved(h);
      }
      return null;
    }
    const bare = stripDet(np);
    const words = bare.split(' ');
    const lw = words.map((w) => w.toLowerCase().replace(/'s$/, ''));
    // alias table on the whole mention, then on its tail ("the American CNN network" -> "CNN network")
    for (let k = 0; k < words.length; k++) {
      const tail = words.slice(k).join(' ');
      // a tail must be a name ("CNN network", "Hamas"), not a common word ("administration" of "Biden administration")
      const e = k === 0 || /^\p{Lu}/u.test(words[k]!) ? this.index.lookup(tail) : null;
      if (e && (k === 0 || e.kind !== 'place')) {
        // "Hamas leader": an alias followed by a role is not the alias itself (handled by the tail loop order)
        const known = this.fromEntry(e, bare);
        this.remember(known);
        return toResolved(known);
      }
      if (k === 0 && words.length > 1) continue;
    }
    // a role followed by a name: "French President Emmanuel Macron", "spokesman John Kirby"
    let lastRole = -1;
    for (let k = 0; k < lw.length; k++) if (ROLE_HEADS.has(lw[k]!.replace(/\.$/, ''))) lastRole = k;
    if (lastRole >= 0 && lastRole < words.length - 1 && words.slice(lastRole + 1).every(isCap)) {
      const nameWords = words.slice(lastRole + 1);
      const name = nameWords.join(' ');
      const role = words.slice(0, lastRole + 1).join(' ');
      const e = this.index.lookup(name);
      const known: Known = e ? this.fromEntry(e, name) : this.person(name);
      this.roles.set(role.toLowerCase(), known);
      // "French President" and "President" alone both resolve to Macron from now on
      this.roles.set(lw.slice(lastRole, lastRole + 1).join(' '), known);
      const plainRole = words.slice(0, lastRole + 1).filter((w) => !isCap(w) || ROLE_HEADS.has(w.toLowerCase())).join(' ').toLowerCase();
      if (plainRole) this.roles.set(plainRole, known);
      this.remember(known);
      return toResolved(known);
    }
    // lower-case role words before a capitalised name: "harbour master Ilse Brandt"
    let firstCapTail = words.length;
    while (firstCapTail > 0 && isCap(words[firstCapTail - 1]!)) firstCapTail--;
    if (firstCapTail > 0 && words.length - firstCapTail >= 2 && !isCap(words[firstCapTail - 1]!) && !PLURAL_GROUP.test(bare)) {
      const name = words.slice(firstCapTail).join(' ');
      const e = this.index.lookup(name);
      const known: Known = e ? this.fromEntry(e, name) : this.person(name);
      this.roles.set(words.slice(0, firstCapTail).join(' ').toLowerCase(), known);
      this.remember(known);
      return toResolved(known);
    }
    // a known role ("the French President", "National Security Council spokesman")
    const roleHit = this.roles.get(bare.toLowerCase());
    if (roleHit) {
      this.remember(roleHit);
      return toResolved(roleHit);
    }
    // a person's name (all capitalised, 2-4 words) or a short name seen before
    if (words.every(isCap) && words.length <= 4 && !lw.some((w) => ROLE_HEADS.has(w))) {
      if (words.length === 1) {
        for (let i = this.history.length - 1; i >= 0; i--) {
          const h = this.history[i]!;
          if (h.kind === 'person' && h.name.split(' ').slice(1).some((w) => w === words[0])) {
            this.remember(h);
            return toResolved(h);
          }
        }
        let full: string | null = null;
        for (const n of this.names) {
          if (n.start > this.pos) break;
          if (n.name.split(' ').slice(1).includes(words[0]!)) full = n.name;
        }
        if (full) {
          const e = this.index.lookup(full);
          const known = e ? this.fromEntry(e, full) : this.person(full);
          this.remember(known);
          return toResolved(known);
        }
      }
      if (words.length >= 2 && !PLURAL_GROUP.test(bare) && !/^(Al|The|El)$/.test(words[0]!)) {
        const known = this.person(bare);
        this.remember(known);
        return toResolved(known);
      }
      const known: Known = { name: bare, kind: 'organization', actor: bare, head: lw[lw.length - 1]!, words: new Set(lw), personLike: false, plural: false };
      this.remember(known);
      return toResolved(known);
    }
    // a definite description: "the official", "the American official", "the leader"
    const head = lw[lw.length - 1]!;
    const definite = /^(the|this|that)\s/i.test(np) || words.length === 1;
    if (definite) {
      for (let i = this.history.length - 1; i >= 0; i--) {
        const h = this.history[i]!;
        if (h.head === head || (h.kind === 'person' && this.roleHeadOf(h) === head)) {
          this.remember(h);
          return toResolved(h);
        }
      }
    }
    const personLike = ROLE_HEADS.has(head) && !/s$/.test(head);
    const plural = /s$/.test(head) || PLURAL_GROUP.test(head);
    const kind: Kind | null = personLike ? 'person' : plural ? 'organization' : words.some(isCap) ? 'organization' : null;
    const known: Known = { name: bare, kind, actor: bare, head, words: new Set(lw), personLike, plural };
    this.remember(known);
    return toResolved(known);
  }

  private roleHeadOf(h: Known): string | null {
    for (const [role, k] of this.roles) if (k === h) return role.split(' ').pop() ?? null;
    return null;
  }

  private person(name: string): Known {
    const w = name.toLowerCase().split(' ');
    return { name, kind: 'person', actor: name, head: w[w.length - 1]!, words: new Set(w), personLike: true, plural: false };
  }

  private fromEntry(e: AliasEntry, mention: string): Known {
    const w = mention.toLowerCase().split(' ');
    return {
      name: e.canonical,
      kind: e.kind,
      actor: e.actsFor ?? e.canonical,
      head: w[w.length - 1]!,
      words: new Set(w),
      personLike: e.kind === 'person',
      plural: e.kind !== 'person',
    };
  }
}

function toResolved(k: Known): Resolved {
  return { name: k.name, kind: k.kind, actor: k.actor };
}
