import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { openSeededDashboard, type SeededDashboard } from './support/seeded-dashboard.js';

// Screenshots go to out/ (ignored by git). DOCS_SCREENSHOTS=docs/screenshots also writes the
// README's pictures (one per page, at 1280 px, and the story on a phone).
const OUT = 'out/browser';
const DOCS = process.env.DOCS_SCREENSHOTS;

describe('the reading pages in headless Chromium, on the replayed seeds', () => {
  let browser: Browser;
  let s: SeededDashboard;

  beforeAll(async () => {
    s = await openSeededDashboard();
    browser = await launchChromium();
    mkdirSync(OUT, { recursive: true });
    if (DOCS) mkdirSync(DOCS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A page that records every request to another host and every console error (CSP violations among them). */
  async function open(width: number): Promise<{ page: Page; foreign: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 900 }, deviceScaleFactor: 1 });
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(s.base)) foreign.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, foreign, errors };
  }

  async function shot(page: Page, name: string, width: number, docs = width === 1280): Promise<void> {
    await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
    if (DOCS && docs) await page.screenshot({ path: join(DOCS, `${name}${width === 1280 ? '' : `-${width}`}.png`), fullPage: false });
  }

  /** Readable on this screen: body text at least 16 px, and nothing wider than the screen but the scrolling boxes. */
  async function expectReadable(page: Page): Promise<void> {
    const r = await page.evaluate(() => ({
      font: parseFloat(getComputedStyle(document.body).fontSize),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      viewport: document.querySelector('meta[name=viewport]')?.getAttribute('content') ?? '',
    }));
    expect(r.font).toBeGreaterThanOrEqual(16);
    expect(r.overflow, 'the page is wider than the screen').toBeLessThanOrEqual(0);
    expect(r.viewport).toContain('width=device-width');
  }

  for (const width of [1280, 390]) {
    it(`searches for the seed story, reads its claims and finds the figures on the chart at ${width} px`, async () => {
      const { page, foreign, errors } = await open(width);
      await page.goto(`${s.base}/stories`);
      await expectReadable(page);
      await shot(page, 'stories', width);

      await page.getByRole('searchbox', { name: 'Words' }).fill('hostages');
      await Promise.all([page.waitForURL(/\/stories\?q=hostages/), page.getByRole('button', { name: 'Show' }).click()]);
      const storyLink = page.locator('table a[href^="/stories/"]');
      // the seed story first (its latest article is the newest); the 2024-01-31 report may stand apart
      expect(await storyLink.count()).toBeGreaterThanOrEqual(1);
      await Promise.all([page.waitForURL(/\/stories\/\d+$/), storyLink.first().click()]);

      await page.getByRole('heading', { name: /^Claims \(\d+\)$/ }).waitFor();
      expect(await page.locator('ul.claims li').count()).toBeGreaterThan(10);
      expect(await page.locator('ul.claims li .speaker', { hasText: 'Israeli army' }).count()).toBeGreaterThan(0);
      expect(await page.locator('#articles + .scroll tbody td:first-child a[href^="/articles/"]').count()).toBeGreaterThanOrEqual(4);
      await expectReadable(page);
      await shot(page, 'story', width, true);

      // A claim opens its article with its sentence marked.
      await Promise.all([page.waitForURL(/\/articles\/\d+\?claim=\d+#claim-\d+$/), page.getByRole('link', { name: 'at least 240' }).first().click()]);
      const current = page.locator('mark.claim.current');
      await current.waitFor();
      expect(await current.textContent()).toContain('at least 240');
      await expectReadable(page);
      await shot(page, 'article', width);
      await page.goBack();

      // The story's chart of hostage figures.
      await Promise.all([page.waitForURL(/\/figures\?about=hostage&story=\d+$/), page.getByRole('link', { name: 'hostage', exact: true }).click()]);
      const army = page.locator('svg a[aria-label^="Israeli army: at least 240 hostage"]');
      const government = page.locator('svg a[aria-label^="Israeli government: about 136 hostage"]');
      await army.waitFor();
      expect(await army.count()).toBe(1);
      expect(await government.count()).toBe(1);
      expect(await army.locator('text').textContent()).toBe('at least 240');
      expect(await government.locator('text').textContent()).toBe('about 136');
      // "at least" is drawn as a point with an arrow up, "about" as a hollow dashed point.
      expect(await army.locator('polygon').count()).toBe(1);
      expect(await government.locator('circle[stroke-dasharray]').count()).toBe(1);
      expect(await page.locator('svg text', { hasText: 'disagree' }).count()).toBeGreaterThan(0);
      await expectReadable(page);
      await shot(page, 'figures', width);
      await Promise.all([page.waitForURL(/\/articles\/\d+\?claim=\d+#claim-\d+$/), government.click()]);
      expect(await page.locator('mark.claim.current').textContent()).toContain('about 136');

      // The whole figures page of the subject, as a reader would type it.
      await page.goto(`${s.base}/figures?about=hostages`);
      expect(await page.locator('svg a[aria-label^="Israeli army: at least 240"]').count()).toBe(1);
      expect(await page.locator('svg a[aria-label^="Israeli government: about 136"]').count()).toBe(1);

      await page.goto(`${s.base}/search?q=prisoners`);
      expect(await page.locator('mark', { hasText: /prisoners/i }).count()).toBeGreaterThan(0);
      await expectReadable(page);
      await shot(page, 'search', width);

      await page.goto(`${s.base}/claims?speaker=Israeli`);
      await expectReadable(page);
      await shot(page, 'claims', width);

      expect(foreign, 'requests to other hosts').toEqual([]);
      expect(errors, 'console errors').toEqual([]);
      await page.close();
    });
  }

  it('shows Bull Board with no request to another host, the article of each job, and the way back', async () => {
    const { page, foreign, errors } = await open(1280);
    await page.goto(`${s.base}/queues/queue/claims?status=completed`);
    const link = page.getByRole('link', { name: /^article \d+: / }).first();
    await link.waitFor({ timeout: 15_000 });
    expect(await link.getAttribute('href')).toMatch(/^\/articles\/\d+$/);
    await shot(page, 'queues', 1280);
    await Promise.all([page.waitForURL(/\/stories$/), page.getByRole('link', { name: '← Newsline stories' }).click()]);
    expect(foreign, 'requests to other hosts').toEqual([]);
    expect(errors, 'console errors').toEqual([]);
    await page.close();
  });
});
