import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { Job, Queue } from 'bullmq';

/**
 * Bull Board on a BullMQ queue, where "Retry" (one job or all) gives the job a fresh attempt
 * budget. Bull Board calls `job.retry(state)`, which keeps attemptsMade: a job that had used its
 * five attempts would get one more, not five. The worker runs the failed stage again for real
 * (see statusFor in the worker's stages).
 */
export class OperatorRetryAdapter extends BullMQAdapter {
  constructor(queue: Queue) {
    super(queue);
  }

  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id);
    return job ? withFreshRetry(job) : job;
  }

  override async getJobs(...args: Parameters<BullMQAdapter['getJobs']>): Promise<Job[]> {
    return (await super.getJobs(...args)).map(withFreshRetry);
  }
}

function withFreshRetry(job: Job): Job {
  const retry = job.retry.bind(job);
  job.retry = (state, opts) => retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true, ...opts });
  return job;
}
