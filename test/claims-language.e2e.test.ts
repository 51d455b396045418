import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../services/cli/src/commands/replay.js';
import { eventsCommand, figuresCommand } from '../services/cli/src/commands/events.js';
import { statusCommand } from '../services/cli/src/commands/status.js';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';

const quiet = { out: () => undefined };

describe('an article in a language the claim rules are not written for', () => {
  let p: TestPipeline;
  beforeAll(async () => {
    p = await openTestPipeline();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('gets no claims and no figures, and says "not analysed (language ar)" where a reader looks', async () => {
    // an Arabic report with figures ("12 ... at least", "about 241") and no declared language
    const summary = await replay(p.rt, [join(import.meta.dirname, 'claims', 'ar-report.txt')], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, ...quiet });
    expect(summary.failed).toEqual([]);
    expect(summary.unfinished).toBe(0);
    const article = await p.rt.db.selectFrom('articles').selectAll().executeTakeFirstOrThrow();
    expect(article.status).toBe('claimed');
    expect(article.claims_note).toBe('not analysed (language ar)');
    const claims = await p.rt.db.selectFrom('claims').select('id').where('article_id', '=', article.id).execute();
    expect(claims).toEqual([]);
    const mentions = await p.rt.db.selectFrom('event_mentions').select('event_id').where('article_id', '=', article.id).execute();
    expect(mentions).toEqual([]);

    expect(await statusCommand(p.rt, 0)).toMatch(/Claims not analysed: 1 article\(s\) \(language ar\)/);
    expect(await figuresCommand(p.rt, 'houses', false)).toMatch(new RegExp(`article ${article.id}.*: not analysed \\(language ar\\)`));
    expect(await eventsCommand(p.rt, article.story_id!, false)).toMatch(new RegExp(`article ${article.id}.*: not analysed \\(language ar\\)`));
  });
});
