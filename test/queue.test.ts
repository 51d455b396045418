import { afterEach, describe, expect, it } from 'vitest';
import { JobQueues, RedisUnavailableError, checkRedis } from '@newsline/queue';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

describe('JobQueues on real Redis', () => {
  const opened: JobQueues[] = [];
  afterEach(async () => {
    for (const q of opened.splice(0)) {
      await q.close();
      await deletePrefix(q.prefix);
    }
  });
  const open = (prefix = uniquePrefix('queue')) => {
    const q = new JobQueues({ redisUrl, prefix });
    opened.push(q);
    return q;
  };

  it('adds a job once per deterministic id', async () => {
    const q = open();
    await q.enqueue('extract', { articleId: 1 });
    await q.enqueue('extract', { articleId: 1 });
    await q.enqueueMany('extract', [{ articleId: 1 }, { articleId: 2 }]);
    const counts = await q.queue('extract').getJobCounts('waiting');
    expect(counts.waiting).toBe(2);
    const job = await q.queue('extract').getJob('extract-2');
    expect(job?.data).toEqual({ articleId: 2 });
  });

  it('keeps two prefixes apart', async () => {
    const a = open();
    const b = open();
    await a.enqueue('claims', { articleId: 5 });
    expect((await b.queue('claims').getJobCounts('waiting')).waiting).toBe(0);
    expect((await a.queue('claims').getJobCounts('waiting')).waiting).toBe(1);
  });

  it('refuses an invalid payload before it reaches Redis', async () => {
    const q = open();
    await expect(q.enqueue('dedupe', { articleId: 0 })).rejects.toThrow(/dedupe job payload/);
    expect((await q.queue('dedupe').getJobCounts('waiting')).waiting).toBe(0);
  });

  it('fails when Redis is down instead of waiting for it, naming REDIS_URL', async () => {
    // The behaviour, not a stopwatch: each call rejects on its own (a queue that waited for Redis
    // would never settle, and the test's timeout would fail it).
    await expect(checkRedis('redis://127.0.0.1:1', 1000)).rejects.toThrow(RedisUnavailableError);
    await expect(checkRedis('redis://127.0.0.1:1', 1000)).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
    const down = new JobQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix('down') });
    await expect(down.enqueue('extract', { articleId: 1 })).rejects.toThrow();
    await down.close();
  });
});
