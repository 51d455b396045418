import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, dropDatabase, ensureDatabase, type Db } from '@newsline/db';
import { databaseUrl } from './env.js';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `nl_test_${randomBytes(6).toString('hex')}`;
  const url = databaseUrl(name);
  await ensureDatabase(url, inject('templateDatabase'));
  const db = createDb(url, { max: 5 });
  return {
    url,
    db,
    async drop() {
      await db.destroy().catch(() => undefined);
      await dropDatabase(url);
    },
  };
}
