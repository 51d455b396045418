export { openRuntime, type Runtime, type OpenRuntimeOptions } from './runtime.js';
export { startWorkers, parseStageNames, STAGES, STAGE_NAMES, type StageName, type RunningWorkers } from './runner.js';
export { ingestArticle, type ArticleInput, type IngestResult } from './ingest.js';
export { findStuck, sweepStuck, restoreFeedSchedules, type StuckArticle, type Sweeper } from './sweeper.js';
export { STAGE_INPUT, ARTICLE_STAGES, isArticleStage, stageFor, statusFor, type ArticleStage } from './stages/status.js';
export { OutageGate } from './outage.js';
