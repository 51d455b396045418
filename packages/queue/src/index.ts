export { createRedis, checkRedis, RedisUnavailableError, isRedisUnavailable, maxmemoryPolicy, type RedisRole } from './redis.js';
export {
  catalog,
  QUEUE_NAMES,
  defaultJobOptions,
  parseJobData,
  jobIdFor,
  isQueueName,
  InvalidJobError,
  type QueueName,
  type JobData,
} from './catalog.js';
export { JobQueues, type JobQueuesOptions, type QueueCounts, type FailedJobInfo, type EnsureResult } from './jobs.js';
