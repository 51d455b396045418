import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimsPool, type ClaimsPool } from '@newsline/claims';
import { createLogger, PermanentError } from '@newsline/core';
import { ArticlesRepository } from '@newsline/db';
import { claimsStage } from '../services/worker/src/stages/claims.js';
import type { StageContext } from '../services/worker/src/stages/types.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

describe('the claims stage when claim extraction throws', () => {
  let t: TestDatabase;
  let pool: ClaimsPool;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    pool = createClaimsPool({ size: 1 });
    dir = mkdtempSync(join(tmpdir(), 'nl-claims-error-'));
  });
  afterAll(async () => {
    await pool?.close();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the job naming the article, and stores nothing for it', async () => {
    const { id } = await new ArticlesRepository(t.db).insertIfNew({ source_key: 'test:claims-error', text: 'The mayor said 12 houses were lost.', status: 'deduped', language: 'en' });
    // an alias table the extraction thread cannot read (an entry with no kind): the rules throw there
    const aliasesFile = join(dir, 'aliases.json');
    writeFileSync(aliasesFile, JSON.stringify([{ canonical: 'Broken' }]));
    const ctx = {
      db: t.db,
      logger: createLogger('silent'),
      claims: (task, name) => pool.extract({ ...task, aliasesFile }, name),
    } as Partial<StageContext> as StageContext;
    await expect(claimsStage(ctx, { articleId: id })).rejects.toThrow(PermanentError);
    await expect(claimsStage(ctx, { articleId: id })).rejects.toThrow(new RegExp(`claims for article ${id} failed: .*entry 0 \\(Broken\\)`));
    const stored = await t.db.selectFrom('claims').select('id').where('article_id', '=', id).execute();
    expect(stored).toEqual([]);
    expect((await new ArticlesRepository(t.db).get(id))?.status).toBe('deduped');
  });
});
