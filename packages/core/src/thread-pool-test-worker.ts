// The worker thread-pool.test.ts runs: a task that waits without using CPU (as a thread waiting
// for a core does) or one that spins.
import { serveThreadTasks } from './thread-pool.js';

export interface TestTask {
  kind: 'wait' | 'spin';
  ms: number;
}

serveThreadTasks<TestTask, string>(({ kind, ms }) => {
  if (kind === 'wait') {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } else {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // spin
    }
  }
  return `${kind} ${ms}`;
});
