// Worker thread of the claims pool: one article's text -> its claims and event drafts.
import { serveThreadTasks } from '@newsline/core/thread-pool';
import { loadAliases } from './aliases.js';
import { toEvents } from './events.js';
import { extractClaims } from './extract.js';
import type { ClaimsResult, ClaimsTask } from './pool.js';
import type { AliasTable } from './types.js';

const tables = new Map<string, AliasTable>();

serveThreadTasks(({ text, publishedAt, language, aliasesFile }: ClaimsTask): ClaimsResult => {
  const key = aliasesFile ?? '';
  let aliases = tables.get(key);
  if (!aliases) tables.set(key, (aliases = loadAliases(aliasesFile)));
  const context = { publishedAt, aliases, language };
  const claims = extractClaims(text, context);
  return { claims, events: toEvents(claims, context) };
});
