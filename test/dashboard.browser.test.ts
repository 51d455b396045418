import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { startDashboard } from '@newsline/dashboard';
import { JobQueues } from '@newsline/queue';
import { launchChromium } from './support/browser.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';
import { redisUrl } from './support/env.js';

describe('dashboard in Chromium', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let queues: JobQueues;
  let url: string;

  beforeAll(async () => {
    queues = new JobQueues({ redisUrl, prefix: uniquePrefix('ui') });
    await queues.enqueue('dedupe', { articleId: 1 });
    await queues.enqueue('dedupe', { articleId: 2 });
    ({ app, url } = await startDashboard({ queues, host: '127.0.0.1', port: 0 }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await queues?.close();
    await deletePrefix(queues.prefix);
  });

  it('shows every queue, and the waiting jobs of one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    for (const name of ['feeds', 'fetch', 'extract', 'dedupe', 'claims']) {
      await page.getByRole('link', { name: new RegExp(`^${name}`, 'i') }).first().waitFor({ timeout: 15_000 });
    }
    mkdirSync('out', { recursive: true });
    await page.screenshot({ path: 'out/dashboard-overview.png' });
    await page.goto(`${url}/queue/dedupe?status=waiting`);
    await page.getByText('dedupe-2').first().waitFor({ timeout: 15_000 });
    expect(await page.getByText('dedupe-1').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'out/dashboard-dedupe.png' });
  });
});
