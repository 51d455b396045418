import type { Logger } from '@newsline/core';
import type { Db } from '@newsline/db';
import type { JobData, QueueName } from '@newsline/queue';
import type { ArticleProgress } from '../chain.js';
import type { AliasTable, ClaimsResult, ClaimsTask } from '@newsline/claims';
import type { HttpClient } from '@newsline/fetch';
import type { ExtractedArticle, PoolExtractOptions } from '@newsline/extract';

export interface StageContext {
  db: Db;
  /** The runtime's pool for story term counts (see Runtime.counterDb). */
  counterDb?: Db;
  logger: Logger;
  aliases: AliasTable;
  /** The one HTTP client of the process (politeness shared through Redis). */
  http: HttpClient;
  /** Page -> article, off the event loop (a worker-thread pool with a time limit per page). */
  extract: (html: string, opts: PoolExtractOptions) => Promise<ExtractedArticle>;
  /** Text -> claims and event drafts, off the event loop (a worker-thread pool); `name` is for errors. */
  claims: (task: ClaimsTask, name: string) => Promise<ClaimsResult>;
}

export interface StageOutcome {
  /**
   * The articles this job moved on (or found already moved on), with their status now. The runner
   * gives each the job of its next stage (nextStage decides; a final status has none).
   */
  articles?: ArticleProgress[];
  /** A short word for the logs: 'stored', 'duplicate', 'skipped', ... */
  result: string;
}

export type StageHandler<N extends QueueName> = (ctx: StageContext, data: JobData<N>) => Promise<StageOutcome>;
