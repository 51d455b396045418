import { errorMessage, type Logger } from '@newsline/core';
import type { StageConsumer } from '@newsline/queue';

/** A readiness check of a service this process needs: resolves when it answers, throws when not. */
export type ServiceProbe = () => Promise<void>;

export interface OutageGateOptions {
  probes: Record<string, ServiceProbe>;
  logger: Logger;
  /** First wait between checks while a service is away; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Waits out an outage of Postgres or Redis for the whole process. A job that fails because a
 * service is away is not at fault: the runner puts it back (delayed, its attempt not counted)
 * and calls hold(), which pauses every worker of the process, checks the services with
 * exponential backoff, and resumes the workers once all of them answer. One outage, one wait,
 * however many jobs noticed it.
 */
export class OutageGate {
  private workers: StageConsumer[] = [];
  private waiting: Promise<void> | null = null;
  private closed = false;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  /** Outages waited out so far (for tests and logs). */
  outages = 0;

  constructor(private readonly opts: OutageGateOptions) {
    this.minDelayMs = opts.minDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 10_000;
  }

  attach(workers: StageConsumer[]): void {
    this.workers = workers;
  }

  /** The services that do not answer now (empty when all do). */
  async down(): Promise<string[]> {
    const names = Object.keys(this.opts.probes);
    const results = await Promise.all(
      names.map(async (name) => {
        try {
          await withTimeout(this.opts.probes[name]!(), 5000);
          return null;
        } catch {
          return name;
        }
      }),
    );
    return results.filter((n): n is string => n !== null);
  }

  /** The delay before a job put back during an outage is tried again. */
  get retryDelayMs(): number {
    return this.maxDelayMs;
  }

  get holding(): boolean {
    return this.waiting !== null;
  }

  /** Pauses the workers until every service answers; concurrent callers share one wait. */
  hold(down: string[], cause: unknown): Promise<void> {
    this.waiting ??= this.waitOut(down, cause).finally(() => {
      this.waiting = null;
    });
    return this.waiting;
  }

  close(): void {
    this.closed = true;
  }

  private async waitOut(down: string[], cause: unknown): Promise<void> {
    this.outages++;
    const started = Date.now();
    const { logger } = this.opts;
    logger.warn({ down, err: errorMessage(cause) }, `${down.join(' and ')} unavailable: pausing the workers until it answers (jobs keep their attempts)`);
    await Promise.all(this.workers.map((w) => w.pause().catch((err: unknown) => logger.error({ stage: w.stage, err: errorMessage(err) }, 'could not pause the worker'))));
    let delay = this.minDelayMs;
    for (;;) {
      if (this.closed) return;
      await new Promise((r) => setTimeout(r, delay));
      if (this.closed) return;
      const still = await this.down();
      if (still.length === 0) break;
      delay = Math.min(delay * 2, this.maxDelayMs);
    }
    logger.warn({ down, ms: Date.now() - started }, `${down.join(' and ')} back: resuming the workers`);
    if (!this.closed) await Promise.all(this.workers.map((w) => w.resume().catch((err: unknown) => logger.error({ stage: w.stage, err: errorMessage(err) }, 'could not resume the worker'))));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
