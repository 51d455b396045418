// Claim extraction in worker threads: the sentence splitting, attribution and figure parsing of
// one article take tens to hundreds of milliseconds of CPU, which would otherwise stall every
// other job of the process (database replies, queue locks). @newsline/core's thread pool runs
// pool-worker.ts, which calls extractClaims and toEvents exactly as the in-thread path does.
import { availableParallelism } from 'node:os';
import { createThreadPool, type ThreadTaskFailure } from '@newsline/core/thread-pool';
import type { Claim, EventDraft } from './types.js';

export interface ClaimsTask {
  text: string;
  /** ISO date or date-time. */
  publishedAt: string | null;
  /** The article's language (ISO 639-1); the rules run on the languages they are written for only. */
  language?: string | null;
  /** The alias table's file (the built-in table when unset); each thread loads it once. */
  aliasesFile?: string;
  /** An operator's lexicon file merged over the shipped one (LEXICON_FILE); each thread loads it once. */
  lexiconFile?: string;
}

export interface ClaimsResult {
  claims: Claim[];
  events: EventDraft[];
}

export interface ClaimsPool {
  /** `name` says which article an error is about. */
  extract(task: ClaimsTask, name: string): Promise<ClaimsResult>;
  close(): Promise<void>;
  readonly size: number;
}

export class ClaimsPoolError extends Error {
  override name = 'ClaimsPoolError';
  /** 'failed' (the rules threw) and 'timeout' are the article's; 'overloaded', 'crashed' and 'closed' are the machine's or the process's. */
  constructor(
    message: string,
    readonly kind: ThreadTaskFailure,
  ) {
    super(message);
  }
}

export function createClaimsPool(options: { size?: number; timeoutMs?: number } = {}): ClaimsPool {
  const pool = createThreadPool<ClaimsTask, ClaimsResult>({
    callerUrl: import.meta.url,
    workerName: 'pool-worker',
    size: options.size ?? availableParallelism(),
    timeoutMs: options.timeoutMs ?? 60_000,
    error: (kind, task, detail) => new ClaimsPoolError(`claim extraction ${kind === 'failed' ? 'failed' : kind} for ${task}: ${detail}`, kind),
  });
  return {
    get size() {
      return pool.size;
    },
    extract: (task, name) => pool.run(task, name),
    close: () => pool.close(),
  };
}
