// Runs once per `vitest run`: builds a migrated template database that each integration test
// clones (CREATE DATABASE ... TEMPLATE), so every test gets its own fresh, migrated database.
import type { TestProject } from 'vitest/node';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest } from '@newsline/db';
import { checkRedis } from '@newsline/queue';
import { adminUrl, databaseUrl } from './env.js';
import { dropLeftoverTemplates, templateName } from './leftover-templates.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await checkRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await dropLeftoverTemplates();
  const name = templateName(process.pid, Date.now());
  const url = databaseUrl(name);
  await ensureDatabase(url);
  const db = createDb(url, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDatabase', name);
  void adminUrl;
  return async () => {
    await dropDatabase(url);
  };
}
