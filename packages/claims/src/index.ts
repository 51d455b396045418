export type { Claim, ClaimsContext, Quantity, Qualifier, AliasEntry, AliasTable, EventDraft } from './types.js';
