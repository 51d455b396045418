// A pool of worker threads that run one kind of task: CPU-heavy work (page extraction, claim
// extraction) off the event loop. Threads start with the first tasks, up to the pool's size;
// each task runs under a time limit, past which its thread is terminated and replaced; a thread
// that dies fails only its own task. The worker module calls serveThreadTasks(handler).
//
// The time limit counts the task's own CPU time where the thread's CPU clock can be read (Linux,
// /proc/self/task/TID/stat): on a machine busier than its cores a thread waits for a core, and
// time spent waiting says nothing about the task. A task that has not used its limit in CPU is
// given more wall-clock time, up to WALL_LIMIT_FACTOR times the limit; past that it fails as
// 'overloaded', which is the machine's fault, not the task's (callers retry it), while 'timeout'
// (the limit used in CPU) is the task's. Elsewhere the limit is wall-clock time.
import { readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * 'timeout': the task used its time limit (in CPU where it can be read) and would again;
 * 'overloaded': its thread did not get the limit's worth of CPU in WALL_LIMIT_FACTOR times the limit;
 * 'crashed': its thread died; 'closed': the pool closed; 'failed': the handler threw.
 */
export type ThreadTaskFailure = 'timeout' | 'overloaded' | 'crashed' | 'closed' | 'failed';

/** How many times its time limit, in wall-clock time, a task that waits for a core is given. */
export const WALL_LIMIT_FACTOR = 10;
/** The shortest wait before a task's CPU time is read again (one /proc clock tick is 10 ms). */
const MIN_RECHECK_MS = 20;
/** The unit of /proc's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** The CPU time (user + system) a thread of this process has used, in ms; null where it cannot be read. */
function threadCpuMs(tid: number | null): number | null {
  if (tid === null) return null;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // After "pid (comm) ": state is the first field, utime the 12th and stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The calling thread's id in the kernel (Linux), which the pool reads the thread's CPU time by. */
function ownThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

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
  /** The thread's kernel id, when it could tell it. */
  tid: number | null;
  /** When the current task started: wall clock and the thread's CPU time (null: not readable). */
  startedAt: number;
  cpuAtStart: number | null;
}

type Reply<Out> = { ready?: boolean; tid?: number | null; id?: number; ok?: boolean; result?: Out; error?: string };

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
    const slot: Slot<In, Out> = { worker, job: null, timer: null, ready: false, tid: null, startedAt: 0, cpuAtStart: null };
    slots.add(slot);
    worker.on('message', (msg: Reply<Out>) => {
      if (msg.ready) {
        slot.ready = true;
        slot.tid = msg.tid ?? null;
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

  // The task's time limit: checked when it could have been used up, and again while the thread has
  // used less CPU than the limit (it was waiting for a core), up to WALL_LIMIT_FACTOR times the limit.
  const watch = (slot: Slot<In, Out>, job: Pending<In, Out>, delayMs: number): void => {
    slot.timer = setTimeout(() => {
      if (slot.job !== job) return;
      const wallMs = Date.now() - slot.startedAt;
      const now = threadCpuMs(slot.tid);
      const cpuMs = now !== null && slot.cpuAtStart !== null ? now - slot.cpuAtStart : null;
      if (cpuMs === null || cpuMs >= timeoutMs) {
        const used = cpuMs === null ? '' : ` (${Math.round(cpuMs)} ms of CPU)`;
        cutOff(slot, job, 'timeout', `exceeded the time limit of ${timeoutMs} ms${used}`);
      } else if (wallMs >= timeoutMs * WALL_LIMIT_FACTOR) {
        cutOff(slot, job, 'overloaded', `got ${Math.round(cpuMs)} ms of CPU in ${wallMs} ms, ${WALL_LIMIT_FACTOR} times its time limit of ${timeoutMs} ms: the machine is overloaded`);
      } else {
        watch(slot, job, Math.max(MIN_RECHECK_MS, Math.min(timeoutMs - cpuMs, timeoutMs * WALL_LIMIT_FACTOR - wallMs)));
      }
    }, delayMs);
  };

  const cutOff = (slot: Slot<In, Out>, job: Pending<In, Out>, kind: ThreadTaskFailure, detail: string): void => {
    slots.delete(slot);
    finish(slot);
    job.reject(error(kind, job.task, detail));
    void slot.worker.terminate();
    if (!closed) {
      spawn();
      pump();
    }
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (!queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.startedAt = Date.now();
      slot.cpuAtStart = threadCpuMs(slot.tid);
      watch(slot, job, timeoutMs);
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
  port.postMessage({ ready: true, tid: ownThreadId() });
}
