export { openRuntime, type Runtime, type OpenRuntimeOptions } from './runtime.js';
export { startWorkers, parseStageNames, STAGES, STAGE_NAMES, type StageName, type RunningWorkers } from './runner.js';
export { ingestArticle, type ArticleInput, type IngestResult } from './ingest.js';
export { dedupeArticle, type DedupeInput, type DedupeResult, type DedupeOptions } from './dedupe/dedupe-article.js';
export { findStuck, sweepStuck, restoreFeedSchedules, type StuckArticle, type Sweeper } from './sweeper.js';
export { STAGE_INPUT, ARTICLE_STAGES, isArticleStage, nextStage, statusFor, type ArticleStage } from './stages/status.js';
export { enqueueNextStages, type ArticleProgress } from './chain.js';
export { OutageGate } from './outage.js';
