import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dashboardRoutes, startDashboard } from '@newsline/dashboard';
import { JobQueues } from '@newsline/queue';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

/** This machine's first non-loopback IPv4 address, to reach the dashboard as another host would. */
function outsideAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

const SAMPLE: Record<string, string> = {
  id: '1',
  queueName: 'claims',
  jobId: 'claims-1',
  file: 'claims.csv',
  queueStatus: 'failed',
  schedulerId: 'poll-1',
};

describe('the dashboard off loopback', () => {
  let app: FastifyInstance;
  let queues: JobQueues;
  let t: TestDatabase;
  let base: string;
  const auth = { authorization: `Basic ${Buffer.from('ops:s3cret').toString('base64')}` };

  beforeAll(async () => {
    t = await createTestDatabase();
    queues = new JobQueues({ redisUrl, prefix: uniquePrefix('auth') });
    const started = await startDashboard({ queues, db: t.db, host: '0.0.0.0', port: 0, user: 'ops', password: 's3cret' });
    app = started.app;
    const port = new URL(started.url.replace('0.0.0.0', '127.0.0.1')).port;
    base = `http://${outsideAddress()}:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await queues?.close();
    await deletePrefix(queues.prefix);
    await t?.drop();
  });

  it('answers 401 on every page, API route, export and Bull Board action without the credentials', async () => {
    const routes = dashboardRoutes(app).filter((r) => r.url !== '/healthz');
    // The reading pages, the API, exports, metrics and Bull Board's own routes are all there.
    for (const url of ['/stories/:id', '/articles/:id', '/figures', '/search', '/api/claims', '/api/search', '/export/:file', '/metrics', '/queues/api/queues/:queueName/:jobId/retry', '/queues/api/queues/:queueName/clean/:queueStatus']) {
      expect(routes.map((r) => r.url)).toContain(url);
    }
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) {
      const path = r.url.replace(/:(\w+)/g, (_m, name: string) => SAMPLE[name] ?? 'x').replace(/\*$/, 'static/favicon-32x32.png');
      for (const headers of [{}, { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` }] as Record<string, string>[]) {
        const res = await fetch(`${base}${path}`, { method: r.method, headers });
        expect(res.status, `${r.method} ${path}`).toBe(401);
        expect(res.headers.get('www-authenticate'), `${r.method} ${path}`).toMatch(/^Basic /);
        expect(res.headers.get('content-security-policy'), `${r.method} ${path}`).toContain("frame-ancestors 'none'");
        await res.arrayBuffer();
      }
    }
  });

  it('serves the pages with the credentials, and /healthz to anyone', async () => {
    for (const path of ['/stories', '/claims', '/figures?about=hostages', '/api/claims', '/export/claims.csv', '/queues', '/metrics']) {
      expect((await fetch(`${base}${path}`, { headers: auth })).status, path).toBe(200);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
