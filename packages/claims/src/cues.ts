// Cue verbs of reported speech (and stated positions), with their inflections.

const IRREGULAR: Record<string, string[]> = {
  say: ['say', 'says', 'said', 'saying'],
  tell: ['tell', 'tells', 'told', 'telling'],
  write: ['write', 'writes', 'wrote', 'writing', 'written'],
  speak: ['speak', 'speaks', 'spoke', 'speaking', 'spoken'],
  think: ['think', 'thinks', 'thought', 'thinking'],
  forecast: ['forecast', 'forecasts', 'forecasting'],
  find: ['find', 'finds', 'found', 'finding'],
  show: ['show', 'shows', 'showed', 'showing', 'shown'],
  put: ['put', 'puts'],
  swear: ['swear', 'swears', 'swore', 'sworn'],
  feel: ['feel', 'feels', 'felt'],
  know: ['know', 'knows', 'knew'],
  see: ['sees'],
  admit: ['admit', 'admits', 'admitted', 'admitting'],
  vow: ['vow', 'vows', 'vowed', 'vowing'],
  quip: ['quip', 'quips', 'quipped'],
  quote: ['quote', 'quotes', 'quoted', 'quoting'],
  testify: ['testify', 'testifies', 'testified', 'testifying'],
  reply: ['reply', 'replies', 'replied', 'replying'],
  deny: ['deny', 'denies', 'denied', 'denying'],
  clarify: ['clarify', 'clarifies', 'clarified', 'clarifying'],
  imply: ['imply', 'implies', 'implied'],
  signal: ['signal', 'signals', 'signaled', 'signalled', 'signaling'],
  worry: ['worry', 'worries', 'worried'],
  hint: ['hint', 'hints', 'hinted', 'hinting'],
  cite: ['cite', 'cites', 'cited', 'citing'],
  beg: ['beg', 'begs', 'begged', 'begging'],
};

function inflect(base: string): string[] {
  if (IRREGULAR[base]) return IRREGULAR[base]!;
  const forms = [base];
  if (/(s|sh|ch|x|z)$/.test(base)) forms.push(`${base}es`);
  else forms.push(`${base}s`);
  if (/e$/.test(base)) forms.push(`${base}d`, `${base.slice(0, -1)}ing`);
  else if (/[^aeiou]y$/.test(base)) forms.push(`${base.slice(0, -1)}ied`, `${base}ing`);
  else forms.push(`${base}ed`, `${base}ing`);
  return forms;
}

/** Verbs that report speech or a published statement. */
const SPEECH = [
  'say', 'tell', 'add', 'state', 'note', 'explain', 'stress', 'emphasize', 'emphasise', 'affirm', 'confirm', 'announce', 'reveal',
  'disclose', 'acknowledge', 'admit', 'argue', 'claim', 'insist', 'warn', 'report', 'indicate', 'write', 'tweet', 'reply', 'respond',
  'answer', 'declare', 'assert', 'suggest', 'estimate', 'predict', 'promise', 'pledge', 'vow', 'urge', 'deny', 'accuse', 'complain',
  'comment', 'conclude', 'concede', 'recall', 'express', 'speak', 'update', 'share', 'inform', 'assure', 'mention', 'allege', 'contend',
  'maintain', 'testify', 'repeat', 'reiterate', 'clarify', 'boast', 'quip', 'caution', 'demand', 'propose', 'threaten', 'signal', 'hint',
  'remark', 'observe', 'charge', 'counter', 'retort', 'continue', 'elaborate', 'forecast', 'project', 'calculate', 'quote', 'swear',
  'vow', 'announce', 'brief', 'advise', 'notify', 'imply', 'describe', 'ask', 'call', 'post', 'lament', 'acknowledge', 'assess', 'recount',
  'highlight', 'underline', 'underscore', 'detail', 'outline', 'exclaim', 'shout', 'whisper', 'joke', 'muse', 'concur', 'agree',
  'disagree', 'dispute', 'reject', 'confide', 'cite', 'preach', 'proclaim', 'predict', 'surmise', 'speculate', 'guess', 'acknowledge',
  'insinuate', 'emphasize', 'point', 'convey', 'relay', 'instruct', 'order', 'request', 'plead', 'beg', 'appeal', 'wonder', 'question',
  'show', 'find',
];
/** Verbs of a stated belief or judgement ("X believes that ..."). */
const COGNITION = ['think', 'believe', 'feel', 'know', 'hope', 'expect', 'fear', 'worry', 'doubt', 'suspect', 'reckon', 'figure', 'realize', 'realise', 'recognize', 'recognise', 'assume', 'understand', 'see'];

/** Verbs of a stated evaluation of someone or something ("X criticized Y"): a public stance, kept as a statement. */
const EVALUATION = [
  'criticize', 'criticise', 'praise', 'condemn', 'denounce', 'blast', 'slam', 'blame', 'defend', 'endorse', 'dismiss', 'welcome',
  'applaud', 'thank', 'mock', 'oppose', 'challenge', 'ridicule', 'rebuke', 'decry', 'hail', 'commend', 'lambast', 'tout',
];

/**
 * Verbs of a stated intention or refusal whose content is an infinitive ("declined to comment",
 * "vowed to repeal the law", "urged Congress to act"): a position the speaker takes in public.
 */
const INTENTION = [
  'want', 'decline', 'refuse', 'seek', 'vow', 'promise', 'pledge', 'threaten', 'offer', 'agree', 'urge', 'encourage', 'push', 'press',
  'implore', 'ask', 'call', 'demand', 'prefer', 'propose', 'tell', 'warn', 'advise', 'invite', 'challenge', 'beg', 'plead', 'appeal',
];
/** Of INTENTION, the verbs that take an addressee before the infinitive ("urged Obama not to close"). */
export const INTENTION_WITH_OBJECT = new Set(['urge', 'encourage', 'push', 'press', 'implore', 'ask', 'tell', 'warn', 'advise', 'invite', 'challenge', 'beg', 'call', 'want']);

export type { CueClass } from './types.js';
import type { CueClass } from './types.js';
const FORMS = new Map<string, { base: string; cls: CueClass }>();
const INTENTION_FORMS = new Map<string, string>();
for (const b of INTENTION) for (const f of inflect(b)) INTENTION_FORMS.set(f, b);
for (const b of EVALUATION) for (const f of inflect(b)) FORMS.set(f, { base: b, cls: 'evaluation' });
for (const b of COGNITION) for (const f of inflect(b)) FORMS.set(f, { base: b, cls: 'cognition' });
for (const b of SPEECH) for (const f of inflect(b)) FORMS.set(f, { base: b, cls: 'speech' });

export function cueForm(lower: string): { base: string; cls: CueClass } | null {
  return FORMS.get(lower) ?? null;
}

/** The base verb when `lower` is a form of a verb of intention ("declined" -> "decline"). */
export function intentionForm(lower: string): string | null {
  return INTENTION_FORMS.get(lower) ?? null;
}

/** Verbs whose object names a listener before the content ("told reporters that ..."). */
export const TAKES_LISTENER = new Set(['tell', 'inform', 'assure', 'warn', 'urge', 'brief', 'advise', 'notify', 'remind', 'ask', 'instruct', 'order', 'promise', 'caution']);
