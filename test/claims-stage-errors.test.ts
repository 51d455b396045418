import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { claimsStage } from '../services/worker/src/stages/claims.js';
import type { StageContext } from '../services/worker/src/stages/types.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

describe('the claims stage on a rule that throws', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('fails the job naming the article, and stores nothing for it', async () => {
    const { id } = await new ArticlesRepository(t.db).insertIfNew({ source_key: 'test:claims-error', text: 'The mayor said 12 houses were lost.', status: 'deduped', language: 'en' });
    // an alias table the rules cannot read: an entry without its alias list
    const ctx = { db: t.db, logger: createLogger('silent'), aliases: [{ canonical: 'Broken', kind: 'person' }] } as unknown as StageContext;
    const run = claimsStage(ctx, { articleId: id });
    await expect(run).rejects.toThrow(PermanentError);
    await expect(claimsStage(ctx, { articleId: id })).rejects.toThrow(new RegExp(`claims for article ${id} failed: `));
    const stored = await t.db.selectFrom('claims').select('id').where('article_id', '=', id).execute();
    expect(stored).toEqual([]);
    expect((await new ArticlesRepository(t.db).get(id))?.status).toBe('deduped');
  });
});
