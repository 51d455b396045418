import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startDashboard } from '@newsline/dashboard';
import { JobQueues } from '@newsline/queue';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

describe('dashboard', () => {
  let app: FastifyInstance | undefined;
  let queues: JobQueues | undefined;
  afterEach(async () => {
    await app?.close();
    if (queues) {
      await queues.close();
      await deletePrefix(queues.prefix);
    }
    app = undefined;
    queues = undefined;
  });

  async function start(creds: { user?: string; password?: string } = {}) {
    queues = new JobQueues({ redisUrl, prefix: uniquePrefix('dash') });
    const started = await startDashboard({ queues, host: '127.0.0.1', port: 0, ...creds });
    app = started.app;
    return started.url.replace(/\/queues$/, '');
  }

  it('lists the five queues with their jobs, and answers /healthz', async () => {
    const base = await start();
    await queues!.enqueue('extract', { articleId: 9 });
    const res = await fetch(`${base}/queues/api/queues?activeQueue=extract&status=waiting&page=1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['claims', 'dedupe', 'extract', 'feeds', 'fetch']);
    expect(body.queues.find((q) => q.name === 'extract')?.counts.waiting).toBe(1);
    const page = await fetch(`${base}/queues`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });
  });

  it('answers 401 without the credentials when they are set', async () => {
    const base = await start({ user: 'ops', password: 'pw' });
    expect((await fetch(`${base}/queues`)).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` };
    expect((await fetch(`${base}/queues/api/queues`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/queues`, { headers: { authorization: `Basic ${Buffer.from('ops:no').toString('base64')}` } })).status).toBe(401);
  });

  it('refuses to listen on a public address without credentials', async () => {
    queues = new JobQueues({ redisUrl, prefix: uniquePrefix('dash') });
    await expect(startDashboard({ queues, host: '0.0.0.0', port: 0 })).rejects.toThrow(/DASHBOARD_USER and DASHBOARD_PASSWORD/);
  });
});
