import type { Lexicon } from './lexicon.js';

export type Qualifier = 'exact' | 'approx' | 'at_least' | 'more_than' | 'at_most' | 'less_than' | 'up_to' | 'range';

export interface Quantity {
  /** The figure; null for a range (then low/high are set). */
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Qualifier;
  /** What is counted ("hostages", "people killed"), or null when the text does not say. */
  subject: string | null;
  /** The figure's wording in the text ("at least 240") and its UTF-16 offsets. */
  text: string;
  start: number;
  end: number;
}

export interface Claim {
  /** Resolved speaker name (pronouns and aliases resolved), or null where the article states it. */
  speaker: string | null;
  speakerStart: number | null;
  speakerEnd: number | null;
  /** Entity kind of the speaker when known. */
  speakerKind: 'person' | 'organization' | 'government' | 'place' | null;
  cue: string | null;
  cueStart: number | null;
  cueEnd: number | null;
  /** The claim content and its UTF-16 offsets into the input text. */
  text: string;
  start: number;
  end: number;
  /** When the claim was made or is about, YYYY-MM-DD, resolved against the publication date. */
  claimedAt: string | null;
  quantities: Quantity[];
}

/** A figure with what event normalisation needs: the class of what is counted and the place. */
export interface DetailedQuantity extends Quantity {
  /** Class of what is counted ("hostage", "killed"), for event keys; null when the text does not say. */
  subjectHead: string | null;
  place: string | null;
}

/** What a cue reports: speech or a published statement, a stated belief, an evaluation, an intention. */
export type CueClass = 'speech' | 'cognition' | 'evaluation' | 'intention';

/** A claim as extractClaims gives it: the documented fields and the detail events are made from. */
export interface DetailedClaim extends Claim {
  /** The actor the speaker speaks for (an alias's actsFor, else its canonical name), or null. */
  actor: string | null;
  /** What the cue reports; null for source phrases ("according to"), titles and unattributed figures. */
  cueClass: CueClass | null;
  quantities: DetailedQuantity[];
}

export interface ClaimsContext {
  /** The article's publication date (ISO date or date-time). */
  publishedAt?: string | Date | null;
  aliases?: AliasTable;
  /**
   * The article's language (ISO 639-1 tag, as extraction found it). The rules are written for English:
   * for another language extractClaims gives no claims (see notAnalysedNote).
   */
  language?: string | null;
  /** Corpus words read from data (counted-subject classes, words that are not names); the default file when absent. */
  lexicon?: Lexicon;
  /** The learned cue model for cues the verb lists do not name; the shipped file when absent, none when null. */
  cueModel?: CueModel | null;
  /** The learned content model that places each cue's content; the shipped file when absent, the rules' spans when null. */
  contentModel?: ContentModel | null;
}

export interface AliasEntry {
  canonical: string;
  kind: 'person' | 'organization' | 'government' | 'place';
  aliases: string[];
  /** The actor this entity speaks for in normalized events (the White House for the US government). */
  actsFor?: string;
}

export type AliasTable = AliasEntry[];

/** A normalized event derived from claims: one per statement, one per figure. */
export interface EventDraft {
  /** Stable signature: the same figure from the same speaker about the same thing gives the same key. */
  key: string;
  kind: 'statement' | 'figure';
  actor: string | null;
  actorKind: AliasEntry['kind'] | null;
  subject: string | null;
  place: string | null;
  value: number | null;
  low: number | null;
  high: number | null;
  qualifier: Qualifier | null;
  occurredOn: string | null;
  content: string | null;
  /** Index of the claim in the extractClaims result, and the mention's offsets. */
  claimIndex: number;
  start: number;
  end: number;
}

/** The learned cue model's weights (see cue-model.ts, which loads and applies them). */
export interface CueModel {
  /** The score above which a word is part of a cue (the probability, as a logit). */
  threshold: number;
  /** The score a run of cue words needs when none of them is a verb the cue lists know ("discussed", "backing"). */
  novelThreshold: number;
  bias: number;
  weights: Map<string, number>;
  /** Cue words whose attributions mostly have no source ("seemed", "reportedly"): their claims get no speaker. */
  sourceless: Set<string>;
  /** Where a content that follows its cue ends: the logit that it ends before a word (see endFeatures). */
  end: { threshold: number; bias: number; weights: Map<string, number> };
}

/** The learned content model's weights (see content-model.ts, which loads them, and rules/content-spans.ts, which applies them). */
export interface ContentModel {
  weights: Map<string, number>;
}
