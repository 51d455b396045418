export type { Claim, ClaimsContext, Quantity, Qualifier, AliasEntry, AliasTable, EventDraft } from './types.js';
export { extractClaims } from './extract.js';
export { toEvents } from './events.js';
export { loadAliases, mergeAliases, parseAliasTable, defaultAliases, DEFAULT_ALIASES_FILE } from './aliases.js';
export { formatClaimLine, claimLineObject, type ClaimLine } from './format.js';
export { createClaimsPool, ClaimsPoolError, type ClaimsPool, type ClaimsResult, type ClaimsTask } from './pool.js';
