import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineTotals } from '@newsline/db';
import { replay } from '../services/cli/src/commands/replay.js';
import { eventsCommand, figuresCommand, storyCommand } from '../services/cli/src/commands/events.js';
import { SEEDS_DIR } from '../services/cli/src/paths.js';
import { startDashboard } from '@newsline/dashboard';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';

const manifest = JSON.parse(readFileSync(join(SEEDS_DIR, 'manifest.json'), 'utf8')) as { articles: { file: string; publishedAt: string; publisher: string }[] };
const quiet = { out: () => undefined };

describe('the seed corpus, end to end through the real workers, Redis and Postgres', () => {
  let p: TestPipeline;
  beforeAll(async () => {
    p = await openTestPipeline();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('stores five articles with claims, speakers, figures and events', async () => {
    const summary = await replay(p.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, ...quiet });
    expect(summary.badFiles).toEqual([]);
    expect(summary.failed).toEqual([]);
    expect(summary.unfinished).toBe(0);
    expect(summary).toMatchObject({ files: 5, newArticles: 5, articles: 5, duplicates: 0 });
    expect(summary.changed).toBe(true);

    const articles = await p.rt.db.selectFrom('articles').selectAll().orderBy('source_key').execute();
    expect(articles).toHaveLength(5);
    for (const a of articles) {
      const file = a.source_key.split('/').pop()!;
      const meta = manifest.articles.find((m) => m.file === file)!;
      expect(a.status).toBe('claimed');
      expect(a.duplicate_of).toBeNull();
      expect(a.story_id).not.toBeNull();
      expect(a.publisher).toBe(meta.publisher);
      expect(a.published_at?.toISOString().slice(0, 10)).toBe(meta.publishedAt);
      // The stored text is the file's text, so offsets point into what a reader sees.
      expect(a.text).toBe(readFileSync(join(SEEDS_DIR, file), 'utf8'));

      const claims = await p.rt.db.selectFrom('claims').selectAll().where('article_id', '=', a.id).orderBy('ordinal').execute();
      expect(claims.length, file).toBeGreaterThan(0);
      expect(claims.some((c) => c.speaker !== null && c.cue !== null), `${file} has attributed speech`).toBe(true);
      // Every seed but the last (a report of diplomacy with no counts) states figures.
      if (!file.startsWith('004_')) expect(claims.some((c) => c.quantities.length > 0), `${file} states figures`).toBe(true);
      for (const c of claims) {
        expect(a.text!.slice(c.start, c.end)).toBe(c.content);
        if (c.cue_start !== null && c.cue_end !== null) expect(a.text!.slice(c.cue_start, c.cue_end).toLowerCase()).toBe(c.cue!.toLowerCase());
        if (c.speaker_start !== null && c.speaker_end !== null) expect(a.text!.slice(c.speaker_start, c.speaker_end).length).toBeGreaterThan(0);
        for (const q of c.quantities) expect(a.text!.slice(q.start, q.end)).toBe(q.text);
      }
    }

    // The October-November 2023 negotiations are one story; no seed is a copy of another.
    const story = (name: string) => articles.find((a) => a.source_key.endsWith(name))!.story_id;
    expect(story('001_e360ee0d24fd98ac.txt')).toBe(story('000_bc41fdb8e6de759e.txt'));
    expect(story('003_3afaf3625089db91.txt')).toBe(story('000_bc41fdb8e6de759e.txt'));
    expect(summary.stories).toBeLessThan(5);

    // The Israeli army's "at least 240" hostages (first seed), with its speaker.
    const first = articles.find((a) => a.source_key.endsWith('000_bc41fdb8e6de759e.txt'))!;
    const claims = await p.rt.db.selectFrom('claims').selectAll().where('article_id', '=', first.id).execute();
    const q240 = claims.flatMap((c) => c.quantities.map((q) => ({ ...q, speaker: c.speaker }))).find((q) => q.value === 240 && q.qualifier === 'at_least');
    expect(q240).toBeDefined();
    expect(q240!.speaker).toMatch(/Israeli army/i);

    const events = await p.rt.db.selectFrom('events').selectAll().execute();
    expect(events.some((e) => e.kind === 'figure' && e.value === 240 && e.qualifier === 'at_least')).toBe(true);
    expect(events.some((e) => e.kind === 'statement')).toBe(true);
    const mentions = await p.rt.db.selectFrom('event_mentions').selectAll().execute();
    expect(mentions.length).toBeGreaterThanOrEqual(events.length);
  });

  it('answers the figures and events queries', async () => {
    const figures = await figuresCommand(p.rt, 'hostages', false);
    expect(figures).toMatch(/Israeli army\s+at least 240\s+hostage/);
    // every hostage figure the seeds state, each with who gave it, and the figure's own words
    expect(figures).toMatch(/Israeli army\s+at least 229\s+hostage/);
    expect(figures).toMatch(/Abu Obeida\s+200–250\s+hostage/);
    expect(figures).toMatch(/Israeli government\s+about 136\s+hostage/);
    expect(figures).toMatch(/Israeli army\s+at least 240\s+hostage.*“at least 240”/);
    expect(figures).not.toMatch(/at at least/);
    const json = (await figuresCommand(p.rt, 'hostages', true)).split('\n').map((l) => JSON.parse(l) as { actor: string | null; value: number | null; occurredOn: string });
    expect(json.length).toBeGreaterThanOrEqual(3);
    const dates = json.map((j) => j.occurredOn ?? '');
    expect([...dates].sort()).toEqual(dates); // over time
    const story = await p.rt.db.selectFrom('articles').select('story_id').where('source_key', 'like', '%000_bc41fdb8e6de759e.txt').executeTakeFirstOrThrow();
    const events = await eventsCommand(p.rt, story.story_id!, false);
    // The Oct 2023 - Feb 2024 negotiation articles are one story (the Feb 2024 diplomacy report of
    // another outlet, without figures, may stand apart).
    expect(events).toMatch(/^Story \d+: Sources told Al Jazeera .*… — [45] article\(s\), 2023-10-27 to/);
    expect(events).toMatch(/figure .*Israeli army: at least 240/);
    await expect(eventsCommand(p.rt, 999999, false)).rejects.toThrow(/no story 999999/);
  });

  it('shows the story and its articles on the dashboard', async () => {
    const seedStory = (await p.rt.db.selectFrom('articles').select('story_id').where('source_key', 'like', '%000_bc41fdb8e6de759e.txt').executeTakeFirstOrThrow()).story_id!;
    const members = await p.rt.db.selectFrom('articles').select(['published_at']).where('story_id', '=', seedStory).orderBy('published_at').execute();
    const n = members.length;
    expect(n).toBeGreaterThanOrEqual(4);
    const dash = await startDashboard({ queues: p.rt.queues, db: p.rt.db, host: '127.0.0.1', port: 0 });
    const base = dash.url.replace(/\/queues$/, '');
    try {
      const api = (await (await fetch(`${base}/api/stories`)).json()) as { stories: { id: number; title: string; articles: number; duplicates: number; outlets: string[] }[] };
      expect(api.stories.length).toBeLessThanOrEqual(2);
      const story = api.stories.find((x) => x.id === seedStory);
      expect(story).toMatchObject({ articles: n, duplicates: 0 });
      // The seed files have no titles: the story is titled by the earliest article's first sentence, cut at a word.
      expect(story!.title).toMatch(/^Sources told Al Jazeera on Friday that negotiations are progressing rapidly .{10,80}[a-z]…$/);
      expect(story!.outlets.length).toBeGreaterThanOrEqual(2);
      const list = await (await fetch(`${base}/stories`)).text();
      expect(list).toContain(`href="/stories/${story!.id}"`);
      const one = (await (await fetch(`${base}/api/stories/${story!.id}`)).json()) as { articles: { publishedAt: string; duplicateOf: number | null }[] };
      expect(one.articles).toHaveLength(n);
      expect(one.articles.map((a) => a.publishedAt.slice(0, 10))).toEqual(members.map((m) => m.published_at!.toISOString().slice(0, 10)));
      const html = await (await fetch(`${base}/stories/${story!.id}`)).text();
      expect(html.match(/<tr class="original">/g)).toHaveLength(n);
      expect((await fetch(`${base}/stories/999999`)).status).toBe(404);
      const cli = (await storyCommand(p.rt, story!.id, false)).split('\n');
      expect(cli[0]).toMatch(new RegExp(`^Story ${story!.id}: Sources told Al Jazeera .*… — ${n} articles, 0 copies, 2023-10-27 to`));
      expect(cli).toHaveLength(2 + n); // heading, table head, the articles
      await expect(storyCommand(p.rt, 999999, false)).rejects.toThrow(/no story 999999/);
      const bad = await fetch(`${base}/api/stories/abc`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'id: expected a whole number from 1, got "abc"', parameter: 'id' });
    } finally {
      await dash.app.close();
    }
  });

  it('changes nothing when the seeds are replayed again, and says so', async () => {
    const snapshot = async () => ({
      totals: await pipelineTotals(p.rt.db),
      claims: await p.rt.db.selectFrom('claims').select(['id', 'article_id', 'ordinal', 'content']).orderBy('id').execute(),
      events: await p.rt.db.selectFrom('events').select(['id', 'key']).orderBy('id').execute(),
      articles: await p.rt.db.selectFrom('articles').select(['id', 'status', 'story_id', 'updated_at']).orderBy('id').execute(),
    });
    const before = await snapshot();
    const summary = await replay(p.rt, [SEEDS_DIR], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, ...quiet });
    expect(summary).toMatchObject({ newArticles: 0, alreadyStored: 5, changed: false });
    // Give any stray job a moment to (wrongly) run before comparing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await snapshot()).toEqual(before);
  });

  it('reports a bad file by name and goes on with the rest', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'newsline-bad-'));
    writeFileSync(join(dir, 'broken.json'), '{"title": "no closing brace"');
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'good.txt'), 'The ministry said at least 12 people were injured in the storm on Tuesday.');
    const summary = await replay(p.rt, [dir, join(dir, 'missing.txt')], { enqueueOnly: false, timeoutMs: 60_000, pollMs: 50, ...quiet });
    expect(summary.badFiles.map((b) => b.file.split('/').pop()).sort()).toEqual(['broken.json', 'empty.txt', 'missing.txt']);
    expect(summary.badFiles.find((b) => b.file.endsWith('broken.json'))?.error).toMatch(/invalid JSON/);
    expect(summary.newArticles).toBe(1);
    expect(summary.articles).toBe(1);
  });
});
