import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticlesRepository, ClaimsRepository, migrateToLatest, NearDuplicatesRepository, openDatabase, pipelineTotals } from '@newsline/db';

describe('embedded Postgres fallback', () => {
  it('opens PGlite in the data folder when no Postgres answers and DATABASE_URL is unset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-data-'));
    const opened = await openDatabase({ url: undefined, defaultUrl: 'postgres://postgres@127.0.0.1:1/newsline', dataDir, allowEmbedded: true });
    try {
      expect(opened.embedded).toBe(true);
      expect(opened.description).toContain(join(dataDir, 'pglite'));
      await migrateToLatest(opened.db);
      const articles = new ArticlesRepository(opened.db);
      const { id } = await articles.insertIfNew({ source_key: 'k', text: 'x', status: 'deduped' });
      expect(await new NearDuplicatesRepository(opened.db).claimContentHash('h', id)).toBe(id);
      await new ClaimsRepository(opened.db).replaceForArticle(
        id,
        [{ speaker: 'A', content: 'said x', start: 0, end: 6, quantities: [] }],
        [{ claimIndex: 0, start: 0, end: 6, event: { key: 'k1', kind: 'statement', actor: 'A', subject: null, place: null, value: null, low: null, high: null, qualifier: null, occurred_on: null, content: 'x' } }],
      );
      expect(await pipelineTotals(opened.db)).toMatchObject({ articles: 1, claims: 1, events: 1, mentions: 1 });
    } finally {
      await opened.db.destroy();
    }
  });

  it('says which variable to set when the named Postgres is down', async () => {
    await expect(
      openDatabase({ url: 'postgres://postgres@127.0.0.1:1/newsline', dataDir: '.data', allowEmbedded: true }),
    ).rejects.toThrow(/cannot reach Postgres at DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:1\/newsline/);
  });
});
