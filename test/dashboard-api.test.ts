import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ClaimsView, EventsView } from '@newsline/db';
import { openSeededDashboard, type SeededDashboard } from './support/seeded-dashboard.js';

/** A minimal RFC 4180 reader: records of fields, quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('the JSON API, pages and exports on the replayed seeds', () => {
  let s: SeededDashboard;
  let storyId: number;
  const get = async (path: string) => fetch(`${s.base}${path}`);
  const json = async <T>(path: string, status = 200): Promise<T> => {
    const res = await get(path);
    const body = await res.text();
    expect(res.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return JSON.parse(body) as T;
  };
  const count = async (query: string) => Number(Object.values((await sql.raw<Record<string, unknown>>(query).execute(s.p.rt.db)).rows[0]!)[0]);

  beforeAll(async () => {
    s = await openSeededDashboard();
    storyId = (await s.p.rt.db.selectFrom('articles').select('story_id').where('source_key', 'like', '%000_bc41fdb8e6de759e.txt').executeTakeFirstOrThrow()).story_id!;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('finds the seed story by full-text search, pages past the end, and shows a story with titled articles', async () => {
    const found = await json<{ stories: { id: number; title: string }[]; total: number }>('/api/stories?q=hostages');
    // The seed story is found (the 2024-01-31 Korean report, weeks after the rest, may stand as a story of its own).
    expect(found.total).toBeGreaterThanOrEqual(1);
    expect(found.stories.map((x) => x.id)).toContain(storyId);
    expect((await json<{ total: number }>('/api/stories?q=xylophonist')).total).toBe(0);
    const past = await json<{ stories: unknown[]; total: number; page: number }>('/api/stories?page=3');
    expect(past).toMatchObject({ stories: [], page: 3 });
    expect(past.total).toBe((await json<{ total: number }>('/api/stories')).total);

    const one = await json<{ story: { id: number }; articles: { id: number; title: string; titled: boolean }[]; claims: { total: number }; events: { total: number } }>(`/api/stories/${storyId}`);
    expect(one.articles).toHaveLength(await count(`select count(*) from articles where story_id = ${storyId}`));
    expect(one.articles.length).toBeGreaterThanOrEqual(4);
    // The seed files have no headlines: each article stands under its first sentence, never "—".
    for (const a of one.articles) expect(a.title.length, JSON.stringify(a)).toBeGreaterThan(20);
    expect(one.articles.every((a) => !a.titled)).toBe(true);
    expect(one.claims.total).toBe(await count(`select count(*) from claims c join articles a on a.id = c.article_id where a.story_id = ${storyId}`));
    expect(one.events.total).toBe(await count(`select count(distinct m.event_id) from event_mentions m join articles a on a.id = m.article_id where a.story_id = ${storyId}`));
  });

  it('serves an article with its claims, whose offsets point into its text', async () => {
    const id = (await s.p.rt.db.selectFrom('articles').select('id').where('source_key', 'like', '%002_c5279a168544f30c.txt').executeTakeFirstOrThrow()).id;
    const r = await json<{ article: { text: string; publisher: string; publishedAt: string }; claims: { id: number; start: number; end: number; content: string; speaker: string | null }[] }>(`/api/articles/${id}`);
    expect(r.article.publisher).toMatch(/^Al Jazeera/);
    expect(r.article.publishedAt.slice(0, 10)).toBe('2024-02-08');
    expect(r.claims.length).toBe(await count(`select count(*) from claims where article_id = ${id}`));
    for (const c of r.claims) expect(r.article.text.slice(c.start, c.end)).toContain(c.content);
    const gov = r.claims.find((c) => c.speaker === 'Israeli government' && c.content.includes('about 136'));
    expect(gov).toBeDefined();
    // The article page marks that claim's sentence, with an anchor the claim links to.
    const html = await (await get(`/articles/${id}?claim=${gov!.id}`)).text();
    const mark = new RegExp(`<mark class="claim current" data-claims="[^"]*\\b${gov!.id}\\b[^"]*">((?:<span id="claim-\\d+"></span>)*)[^<]*about 136 Israeli prisoners`).exec(html);
    expect(mark?.[1]).toContain(`<span id="claim-${gov!.id}"></span>`);
    expect(html.match(/class="claim current"/g)).toHaveLength(1);
  });

  it('filters claims by speaker, subject, outlet and time, and pages them', async () => {
    const army = await json<{ claims: { speaker: string; content: string }[]; total: number }>('/api/claims?speaker=Israeli+army');
    expect(army.total).toBe(await count("select count(*) from claims where speaker ilike '%israeli army%'"));
    expect(army.claims.every((c) => /israeli army/i.test(c.speaker))).toBe(true);

    const hostages = await json<{ claims: { speaker: string; content: string; eventIds: number[] }[] }>('/api/claims?subject=hostages&speaker=Israeli');
    expect(hostages.claims.map((c) => c.speaker).sort()).toEqual(['Israeli army', 'Israeli army', 'Israeli government']);
    expect(hostages.claims.every((c) => c.eventIds.length > 0)).toBe(true);

    const mayadeen = await json<{ claims: { publisher: string }[]; total: number }>('/api/claims?outlet=mayadeen');
    expect(mayadeen.total).toBeGreaterThan(0);
    expect(mayadeen.claims.every((c) => c.publisher === 'Al Mayadeen English')).toBe(true);

    const feb = await json<{ claims: { claimedOn: string }[] }>('/api/claims?from=2024-02-01&to=2024-02-29&limit=500');
    expect(feb.claims.length).toBeGreaterThan(0);
    expect(feb.claims.every((c) => c.claimedOn >= '2024-02-01' && c.claimedOn <= '2024-02-29')).toBe(true);

    const total = await count('select count(*) from claims');
    const p1 = await json<{ claims: { id: number }[]; total: number }>('/api/claims?limit=30');
    const p2 = await json<{ claims: { id: number }[] }>('/api/claims?limit=30&page=2');
    const all = await json<{ claims: { id: number }[] }>('/api/claims?limit=500');
    expect(p1.total).toBe(total);
    expect(p1.claims).toHaveLength(30);
    expect(p2.claims.map((c) => c.id)).toEqual(all.claims.slice(30, 60).map((c) => c.id));
    expect(new Set(all.claims.map((c) => c.id)).size).toBe(total);
  });

  it('lists events and the figures of a subject with the disagreements of a day', async () => {
    const ev = await json<{ events: { kind: string; subject: string; figure: string }[]; total: number }>('/api/events?kind=figure&subject=hostages&limit=500');
    expect(ev.total).toBe(await count("select count(*) from events where kind = 'figure' and subject like '%hostage%'"));
    expect(ev.events.every((e) => e.kind === 'figure')).toBe(true);

    const f = await json<{ figures: { actor: string | null; figure: string; qualifier: string; occurredOn: string; disagreesWith: unknown[] }[]; total: number }>('/api/figures?about=hostages');
    expect(f.total).toBe(f.figures.length);
    expect(f.figures).toContainEqual(expect.objectContaining({ actor: 'Israeli army', figure: 'at least 240', qualifier: 'at_least', occurredOn: '2023-11-04' }));
    expect(f.figures).toContainEqual(expect.objectContaining({ actor: 'Israeli government', figure: 'about 136', qualifier: 'approx', occurredOn: '2024-02-08' }));
    expect(f.figures).toContainEqual(expect.objectContaining({ actor: 'Abu Obeida', figure: '200–250', qualifier: 'range' }));
    const dates = f.figures.map((x) => x.occurredOn);
    expect([...dates].sort()).toEqual(dates);
    // "at least 240" and "more than 100" on 2023-11-04 can both be true; "30" and "200–250" on 2023-11-05 cannot.
    expect(f.figures.find((x) => x.figure === 'at least 240')!.disagreesWith).toEqual([]);
    expect(f.figures.find((x) => x.figure === '30')!.disagreesWith.length).toBeGreaterThan(0);

    const html = await (await get('/figures?about=hostages')).text();
    expect(html).toContain('<svg viewBox=');
    expect(html).toMatch(/aria-label="Israeli army: at least 240 hostage \(2023-11-04\)"/);
    expect(html).toMatch(/aria-label="Israeli government: about 136 hostage \(2024-02-08\)"/);
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
  });

  it('searches articles and claims with Postgres full-text search on the GIN indexes', async () => {
    const r = await json<{ articles: { items: { snippet: string }[]; total: number }; claims: { items: { content: string }[]; total: number } }>('/api/search?q=prisoners');
    expect(r.articles.total).toBe(await count("select count(*) from articles where text ilike '%prisoner%'"));
    expect(r.articles.items[0]!.snippet).toMatch(/\u0001prisoners\u0002/i);
    expect(r.claims.total).toBeGreaterThan(0);
    expect(r.claims.items.every((c) => /prisoner/i.test(c.content))).toBe(true);
    const narrowed = await json<{ articles: { total: number } }>('/api/search?q=prisoners&outlet=Cheonji');
    expect(narrowed.articles.total).toBeLessThan(r.articles.total);
    // The queries' expressions are the indexes' own: the planner can use them.
    await sql`set enable_seqscan = off`.execute(s.p.rt.db);
    const plan = (await sql.raw<{ 'QUERY PLAN': string }>(`explain select id from articles a where (setweight(to_tsvector('english'::regconfig, coalesce(a.title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(a.text, '')), 'B')) @@ websearch_to_tsquery('english'::regconfig, 'prisoners')`).execute(s.p.rt.db)).rows.map((x) => x['QUERY PLAN']).join('\n');
    // articles is partitioned by month: the scan is on a partition's copy of articles_fts_idx.
    const ftsIndexes = (
      await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'articles_fts_idx'::regclass`.execute(s.p.rt.db)
    ).rows.map((x) => x.name);
    expect(ftsIndexes.length).toBeGreaterThan(0);
    expect(ftsIndexes.filter((n) => plan.includes(`Index Scan on ${n}`)), plan).not.toEqual([]);
    const html = await (await get('/search?q=prisoners')).text();
    expect(html).toContain('<mark>prisoners</mark>');
  });

  it('exports claims, events and figures as CSV and JSON Lines, streamed in batches', async () => {
    const claims = await count('select count(*) from claims');
    const csvRes = await get('/export/claims.csv');
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="newsline-claims-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(await csvRes.text());
    expect(rows[0]!.slice(0, 5)).toEqual(['id', 'article_id', 'story_id', 'claimed_on', 'speaker']);
    expect(rows).toHaveLength(claims + 1);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);

    const jsonl = (await (await get('/export/events.jsonl?kind=figure')).text()).trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(jsonl).toHaveLength(await count("select count(*) from events where kind = 'figure'"));
    expect(jsonl.every((e) => e.kind === 'figure')).toBe(true);

    const figs = parseCsv(await (await get('/export/figures.csv?subject=hostages&speaker=Israeli')).text());
    const col = (name: string) => figs[0]!.indexOf(name);
    expect(figs.slice(1).map((r) => `${r[col('according_to')]}: ${r[col('figure')]}`).sort()).toEqual(['Israeli army: at least 229', 'Israeli army: at least 240', 'Israeli government: about 136']);

    // Batches of 7 (keyset paging) give every row once, in id order.
    const ids: number[] = [];
    for await (const c of new ClaimsView(s.p.rt.db).stream({}, 7)) ids.push(c.id);
    expect(ids).toHaveLength(claims);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(claims);
    let figures = 0;
    for await (const _ of new EventsView(s.p.rt.db).streamFigures({}, 4)) figures++;
    expect(figures).toBe(await count("select count(*) from event_mentions m join events e on e.id = m.event_id where e.kind = 'figure'"));
  });

  it('answers a bad parameter with 400 naming it, as JSON and as a page', async () => {
    const cases: [string, string][] = [
      ['/api/claims?page=0', 'page'],
      ['/api/claims?limit=9999', 'limit'],
      ['/api/claims?from=2024-02-30', 'from'],
      ['/api/claims?from=2024-03-01&to=2024-02-01', 'to'],
      ['/api/claims?story=abc', 'story'],
      ['/api/claims?q=a&q=b', 'q'],
      ['/api/claims?colour=red', 'colour'],
      ['/api/events?kind=opinion', 'kind'],
      ['/api/figures?about=' + 'x'.repeat(201), 'about'],
      ['/api/stories/abc', 'id'],
      ['/api/articles/0', 'id'],
      ['/api/search?outlet=x', 'q'],
    ];
    for (const [path, parameter] of cases) {
      const body = await json<{ error: string; parameter: string }>(path, 400);
      expect(body.parameter, path).toBe(parameter);
      expect(body.error, path).toContain(parameter);
    }
    for (const [path, message] of [
      ['/claims?page=0', 'page: expected a whole number'],
      ['/export/claims.csv?page=2', 'page: unknown parameter'],
      ['/figures?about=hostages&from=yesterday', 'from: expected a day as YYYY-MM-DD'],
    ]) {
      const page = await get(path!);
      expect(page.status, path).toBe(400);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain(message);
    }
  });

  it('answers an unknown id or address with 404, as JSON under /api and as a page elsewhere', async () => {
    for (const path of ['/api/stories/999999', '/api/articles/999999', '/api/events/999999', '/api/nothing-here']) {
      expect((await json<{ error: string }>(path, 404)).error).toMatch(/no |nothing at/);
    }
    for (const path of ['/stories/999999', '/articles/999999', '/nothing-here', '/export/tweets.csv']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toContain('<h1>Not found</h1>');
      expect(html, path).toContain('href="/stories"');
    }
  });

  it('sends CSP, nosniff and no framing on every response, and links only http(s) addresses', async () => {
    const article = (await s.p.rt.db.selectFrom('articles').select('id').where('story_id', '=', storyId).orderBy('id').executeTakeFirstOrThrow()).id;
    await s.p.rt.db.updateTable('articles').set({ canonical_url: 'javascript:alert(document.cookie)' }).where('id', '=', article).execute();
    for (const path of ['/stories', `/stories/${storyId}`, `/articles/${article}`, '/claims', '/api/claims', '/nothing', '/queues', '/metrics', '/export/claims.csv']) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src '(none|self)'/);
      const body = await res.text();
      expect(body, path).not.toMatch(/href="javascript:/i);
    }
    expect(await (await get(`/articles/${article}`)).text()).toContain('javascript:alert(document.cookie)</span>');
  });

  it('serves Prometheus metrics: queues by state, stage counters and timings, stored totals, process defaults', async () => {
    const text = await (await get('/metrics')).text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^newsline_stored\{kind="claims"\} (\d+)$/m)).toBe(await count('select count(*) from claims'));
    expect(value(/^newsline_queue_jobs\{queue="claims",state="completed"\} (\d+)$/m)).toBe(5);
    expect(value(/^newsline_stage_completed_total\{stage="claims"\} (\d+)$/m)).toBeGreaterThanOrEqual(5);
    expect(value(/^newsline_stage_duration_seconds_count\{stage="dedupe",outcome="completed"\} (\d+)$/m)).toBeGreaterThanOrEqual(5);
    expect(value(/^newsline_claims_extraction_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^# TYPE newsline_feed_polls_total counter$/m);
    expect(text).toMatch(/^# TYPE newsline_extraction_seconds histogram$/m);
    // Every series the Grafana dashboard (infra/) charts is one we export.
    const grafana = readFileSync('infra/grafana/dashboards/newsline.json', 'utf8');
    const charted = new Set([...grafana.matchAll(/\b((?:newsline|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(charted.size).toBeGreaterThan(8);
    for (const name of charted) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
  });

  it('shows in Bull Board which article a job is about, and a failed job’s reason before its stack', async () => {
    const list = await json<{ queues: { name: string; jobs: { id: string; externalUrl?: { href: string; displayText: string } }[] }[] }>('/queues/api/queues?activeQueue=claims&status=completed&page=1');
    const jobs = list.queues.find((q) => q.name === 'claims')!.jobs;
    expect(jobs.length).toBe(5);
    for (const j of jobs) {
      expect(j.externalUrl?.href).toMatch(/^\/articles\/\d+$/);
      expect(j.externalUrl?.displayText).toMatch(/^article \d+: .{20,}/);
    }
    await s.p.rt.queues.enqueue('claims', { articleId: 987654 });
    let failed: { stacktrace: string[]; failedReason: string } | undefined;
    for (let i = 0; i < 100 && !failed?.failedReason; i++) {
      await new Promise((r) => setTimeout(r, 100));
      failed = (await json<{ job: { stacktrace: string[]; failedReason: string } }>('/queues/api/queues/claims/claims-987654')).job;
    }
    expect(failed!.failedReason).toBe('article 987654 does not exist');
    expect(failed!.stacktrace[0]).toBe('Reason: article 987654 does not exist\n');
    expect(failed!.stacktrace[1]).toMatch(/at /);
  });
});
