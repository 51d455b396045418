import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '@newsline/core';
import { createExtractPool, ExtractError, type ExtractPool } from './pool.js';

const para = (i: number): string => `<p>Paragraph ${i}: the council voted on Tuesday to approve a new budget that raises spending on public transport by a fifth.</p>`;
const page = (n: number, title = 'Budget'): string =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: n }, (_, i) => para(i)).join('')}</article></body></html>`;

let pool: ExtractPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('createExtractPool', () => {
  it('extracts pages in worker threads, many at once', async () => {
    pool = createExtractPool({ size: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool!.extract(page(5, `Story ${i}`), { url: `https://x.example/${i}` })));
    expect(results.map((r) => r.title)).toEqual(Array.from({ length: 6 }, (_, i) => `Story ${i}`));
    expect(results.every((r) => r.text.split('\n\n').length === 5)).toBe(true);
  });

  it('cuts off a page over the time limit, names it, and goes on with the next page', async () => {
    pool = createExtractPool({ size: 1, timeoutMs: 2000 });
    const slow = page(60_000, 'Slow'); // ~8 MB: several seconds of work
    const next = pool.extract(page(3, 'After'), { url: 'https://x.example/after' });
    await expect(pool.extract(slow, { url: 'https://x.example/slow' })).rejects.toThrow(/https:\/\/x\.example\/slow.*time limit of 2000 ms/);
    const after = await next;
    expect(after.title).toBe('After');
    expect(pool.size).toBe(1);
  });

  it('refuses a page over the size limit without sending it to a worker', async () => {
    pool = createExtractPool({ size: 1, maxBytes: 1000 });
    const err = await pool.extract(page(50), { name: 'big.html' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).kind).toBe('too-large');
    expect((err as Error).message).toMatch(/big\.html .* over the extraction limit of 1000 bytes/);
    expect((await pool.extract(page(2))).text).toContain('Paragraph 1');
  });

  it('rejects queued pages on close', async () => {
    pool = createExtractPool({ size: 1 });
    const jobs = [pool.extract(page(2000)), pool.extract(page(2))].map((j) => j.then(() => null, (e: unknown) => e));
    await pool.close();
    for (const e of await Promise.all(jobs)) expect((e as Error).message).toMatch(/closed/);
    await expect(pool.extract(page(2))).rejects.toThrow(/closed/);
  });

  it('refuses binary text as a permanent failure naming the page, and drops stray NULs from a text page', async () => {
    pool = createExtractPool({ size: 1 });
    const binary = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 2654435761) >>> 24)).join('');
    const err = await pool.extract(binary, { name: 'article 7 (file:x/binary.html)' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/^article 7 \(file:x\/binary\.html\): binary content \(\d+ control bytes/);
    // past the sniffed head (1445 characters): a stray NUL in a text page
    const withNul = page(20, 'Nul').replace('Paragraph 15', 'Paragraph\u0000 15');
    expect(withNul.indexOf('\u0000')).toBeGreaterThan(1445);
    const ok = await pool.extract(withNul);
    expect(ok.text).not.toContain('\u0000');
    expect(ok.text).toContain('Paragraph 15');
  });
});
