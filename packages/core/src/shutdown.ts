import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/**
 * A process's shutdown, in named steps run one after the other in the order they were added
 * (workers before the queues and Redis, the pool last). A step that fails is logged with its
 * name and the next one still runs. A second signal while stopping changes nothing.
 */
export class ShutdownManager {
  private readonly steps: { name: string; run: () => Promise<unknown> | unknown }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Adds a step; names are unique (they are what the logs say). */
  step(name: string, run: () => Promise<unknown> | unknown): this {
    if (this.steps.some((s) => s.name === name)) throw new Error(`shutdown step "${name}" is already added`);
    this.steps.push({ name, run });
    return this;
  }

  /** Runs the steps once; later calls return the same promise. */
  shutdown(reason: string): Promise<void> {
    this.running ??= (async () => {
      this.logger.info({ reason, steps: this.steps.map((s) => s.name) }, 'shutting down');
      for (const { name, run } of this.steps) {
        const started = Date.now();
        try {
          await run();
          this.logger.debug({ step: name, ms: Date.now() - started }, 'shutdown step done');
        } catch (err) {
          this.logger.error({ step: name, err: errorMessage(err) }, 'shutdown step failed');
        }
      }
    })();
    return this.running;
  }

  /**
   * Waits for SIGINT or SIGTERM, calls `announce` with it, runs the steps, and resolves with the
   * signal once they are done.
   */
  untilSignal(announce?: (signal: ShutdownSignal) => void, signals: ShutdownSignal[] = ['SIGINT', 'SIGTERM']): Promise<ShutdownSignal> {
    return new Promise((resolve) => {
      const on = (signal: ShutdownSignal) => {
        if (this.running) return;
        announce?.(signal);
        void this.shutdown(signal).then(() => resolve(signal));
      };
      for (const s of signals) process.on(s, on);
    });
  }
}
