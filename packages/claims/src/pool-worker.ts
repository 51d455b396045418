// Worker thread of the claims pool: one article's text -> its claims and event drafts.
import { serveThreadTasks } from '@newsline/core/thread-pool';
import { loadAliases } from './aliases.js';
import { toEvents } from './events.js';
import { extractClaims } from './extract.js';
import { type Lexicon, loadLexiconSetting } from './lexicon.js';
import type { ClaimsResult, ClaimsTask } from './pool.js';
import type { AliasTable } from './types.js';

const tables = new Map<string, AliasTable>();
const lexicons = new Map<string, Lexicon>();

serveThreadTasks(({ text, publishedAt, language, aliasesFile, lexiconFile }: ClaimsTask): ClaimsResult => {
  const key = aliasesFile ?? '';
  let aliases = tables.get(key);
  if (!aliases) tables.set(key, (aliases = loadAliases(aliasesFile)));
  let lexicon = lexicons.get(lexiconFile ?? '');
  if (!lexicon) lexicons.set(lexiconFile ?? '', (lexicon = loadLexiconSetting(lexiconFile)));
  const context = { publishedAt, aliases, language, lexicon };
  const claims = extractClaims(text, context);
  return { claims, events: toEvents(claims, context) };
});
