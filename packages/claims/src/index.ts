export type { Claim, ClaimsContext, CueClass, CueModel, DetailedClaim, DetailedQuantity, Quantity, Qualifier, AliasEntry, AliasTable, EventDraft } from './types.js';
export { extractClaims } from './extract.js';
export { toEvents } from './events.js';
export { loadAliases, mergeAliases, parseAliasTable, defaultAliases, DEFAULT_ALIASES_FILE } from './aliases.js';
export { formatClaimLine, claimLineObject, type ClaimLine } from './format.js';
export { createClaimsPool, ClaimsPoolError, type ClaimsPool, type ClaimsResult, type ClaimsTask } from './pool.js';
export { loadLexicon, loadLexiconSetting, mergeLexicon, parseLexicon, defaultLexicon, DEFAULT_LEXICON_FILE, type Lexicon, type SubjectRule } from './lexicon.js';
export { defaultCueModel, loadCueModel, parseCueModel, DEFAULT_CUE_MODEL_FILE } from './cue-model.js';
export { notAnalysedNote, baseLanguage, RULE_LANGUAGES } from './language.js';
