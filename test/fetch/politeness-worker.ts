// A separate process for the cross-process politeness test: `node --import tsx politeness-worker.ts <redisUrl> <prefix> <url> <count>`.
import { Redis } from 'ioredis';
import { HttpClient, RedisHostLimiter } from '../../packages/fetch/src/index.js';

const [redisUrl, prefix, url, count] = process.argv.slice(2);
const redis = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
const limiter = new RedisHostLimiter(redis, prefix!, { maxConcurrent: 2, requestsPerSecond: 200 });
const client = new HttpClient({ contactUrl: 'https://example.org/bot', allowHosts: ['127.0.0.1:*'], limiter, robots: false });
try {
  await Promise.all(Array.from({ length: Number(count) }, () => client.fetch(url!)));
  process.stdout.write('done\n');
} finally {
  await client.close();
  redis.disconnect();
}
