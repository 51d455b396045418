export {
  createRedis,
  checkRedis,
  RedisUnavailableError,
  isRedisUnavailable,
  maxmemoryPolicy,
  type RedisRole,
  type RedisTarget,
  type RedisClient,
} from './redis.js';
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
export { JobQueues, type BoardAdapter, type JobQueuesOptions, type QueueCounts, type FailedJobInfo, type EnsureResult } from './jobs.js';
export {
  startStageConsumer,
  PermanentJobError,
  isPermanentJobError,
  type StageConsumer,
  type StageConsumerOptions,
  type StageJob,
} from './consumer.js';
