// A pool of worker threads that run one kind of task: CPU-heavy work (page extraction, claim
// extraction) off the event loop. Threads start with the first tasks, up to the pool's size;
// each task runs under a time limit, past which its thread is terminated and replaced; a thread
// that dies fails only its own task. The worker module calls serveThreadTasks(handler).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

export type ThreadTaskFailure = 'timeout' | 'crashed' | 'closed' | 'failed';

export interface ThreadPoolOptions {
  /** The module that runs beside the pool's own: `new URL('./x-worker.js', import.meta.url)` style, given as the caller's URL and the worker's base name. */
  callerUrl: string;
  workerName: string;
  /** Threads at most (default 1). */
  size?: number;
  /** Time limit per task in ms. */
  timeoutMs: number;
  /** Heap limit per thread in MB (default 1024). */
  maxHeapMb?: number;
  /** The error a failed task rejects with (lets each pool keep its own error type and wording). */
  error: (kind: ThreadTaskFailure, task: string, detail: string) => Error;
}

export interface ThreadPool<In, Out> {
  /** Runs one task; `task` names it in errors. */
  run(input: In, task: string): Promise<Out>;
  close(): Promise<void>;
  /** Threads currently alive. */
  readonly size: number;
}

/**
 * Starts the worker module. Compiled (the caller is a `.js` file under dist/), the thread runs
 * the compiled worker with the parent's flags (`--conditions=newsline-dist`). From TypeScript
 * (tsx, vitest), a worker thread does not inherit the parent's module hooks, and `--import` in a
 * worker's execArgv is not honoured by every Node 20 release, so the thread starts from a
 * one-line bootstrap that registers tsx's loader (the repository's, found from this file) and
 * then imports the worker module.
 */
export function startModuleWorker(callerUrl: string, workerName: string, maxHeapMb = 1024): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (callerUrl.endsWith('.js')) return new Worker(new URL(`./${workerName}.js`, callerUrl), { execArgv, resourceLimits });
  const workerUrl = new URL(`./${workerName}.ts`, callerUrl);
  const tsxDir = dirname(createRequire(new URL('../../../package.json', import.meta.url)).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(callerUrl)}))` +
    `.catch((e) => { console.error(e); process.exit(70); });`;
  return new Worker(code, { eval: true, execArgv, resourceLimits });
}

interface Pending<In, Out> {
  id: number;
  input: In;
  task: string;
  resolve: (o: Out) => void;
  reject: (e: Error) => void;
}

interface Slot<In, Out> {
  worker: Worker;
  job: Pending<In, Out> | null;
  timer: NodeJS.Timeout | null;
  ready: boolean;
}

type Reply<Out> = { ready?: boolean; id?: number; ok?: boolean; result?: Out; error?: string };

export function createThreadPool<In, Out>(options: ThreadPoolOptions): ThreadPool<In, Out> {
  const size = Math.max(1, options.size ?? 1);
  const { timeoutMs, error } = options;
  const maxHeapMb = options.maxHeapMb ?? 1024;
  const queue: Pending<In, Out>[] = [];
  const slots = new Set<Slot<In, Out>>();
  let nextId = 1;
  let closed = false;
  /** Threads that died before they were ready, in a row: past 3, the pool gives up. */
  let startFailures = 0;
  let fatal: string | null = null;

  const spawn = (): Slot<In, Out> => {
    const worker = startModuleWorker(options.callerUrl, options.workerName, maxHeapMb);
    const slot: Slot<In, Out> = { worker, job: null, timer: null, ready: false };
    slots.add(slot);
    worker.on('message', (msg: Reply<Out>) => {
      if (msg.ready) {
        slot.ready = true;
        startFailures = 0;
        pump();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      finish(slot);
      if (msg.ok) job.resolve(msg.result as Out);
      else job.reject(error('failed', job.task, msg.error ?? 'unknown error'));
      pump();
    });
    const onDeath = (why: string): void => {
      if (!slots.has(slot)) return;
      slots.delete(slot);
      const job = slot.job;
      finish(slot);
      if (job) job.reject(error('crashed', job.task, why));
      if (!slot.ready && ++startFailures >= 3) {
        fatal = `worker threads fail to start: ${why}`;
        for (const j of queue.splice(0)) j.reject(error('crashed', j.task, fatal));
        return;
      }
      // A thread that dies is replaced: the pool keeps the threads it has started.
      if (!closed) {
        spawn();
        pump();
      }
    };
    worker.on('error', (err) => onDeath(err.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    return slot;
  };

  const finish = (slot: Slot<In, Out>): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  };

  // Threads start when there is work for them (one task starts one thread, not one per core),
  // up to `size`; once started they stay.
  const growForQueue = (): void => {
    let idle = 0;
    for (const s of slots) if (!s.job) idle++;
    while (!closed && !fatal && slots.size < size && idle < queue.length) {
      spawn();
      idle++;
    }
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (!queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slots.delete(slot);
        finish(slot);
        job.reject(error('timeout', job.task, `exceeded the time limit of ${timeoutMs} ms`));
        void slot.worker.terminate();
        if (!closed) {
          spawn();
          pump();
        }
      }, timeoutMs);
      slot.worker.postMessage({ id: job.id, input: job.input });
    }
  };

  return {
    get size() {
      return slots.size;
    },
    run(input: In, task: string): Promise<Out> {
      if (fatal) return Promise.reject(error('crashed', task, fatal));
      if (closed) return Promise.reject(error('closed', task, 'the pool is closed'));
      return new Promise<Out>((resolve, reject) => {
        queue.push({ id: nextId++, input, task, resolve, reject });
        growForQueue();
        pump();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(error('closed', job.task, 'the pool closed before it ran'));
      const all = [...slots];
      slots.clear();
      for (const s of all) {
        const job = s.job;
        finish(s);
        if (job) job.reject(error('closed', job.task, 'the pool closed while it ran'));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

/** The worker side: runs handler on each task the pool sends, and says when it is ready. */
export function serveThreadTasks<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveThreadTasks must run in a worker thread');
  port.on('message', (msg: { id: number; input: In }) => {
    void (async () => {
      try {
        port.postMessage({ id: msg.id, ok: true, result: await handler(msg.input) });
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  port.postMessage({ ready: true });
}
