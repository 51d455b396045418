import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensureDatabase } from '@newsline/db';
import { adminUrl, databaseUrl } from './support/env.js';
import { dropLeftoverTemplates, templateName } from './support/leftover-templates.js';

async function exists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

describe('template databases of test runs', () => {
  it('are dropped when the run that made them is gone, and kept while it runs', async () => {
    // a process that has ended: its id is free (until reused, which a moment later it is not)
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout);
    const left = templateName(deadPid, Date.now());
    const live = templateName(process.pid, Date.now() + 1);
    await ensureDatabase(databaseUrl(left));
    await ensureDatabase(databaseUrl(live));
    try {
      const dropped = await dropLeftoverTemplates();
      expect(dropped).toContain(left);
      expect(dropped).not.toContain(live);
      expect(await exists(left)).toBe(false);
      expect(await exists(live)).toBe(true);
    } finally {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${live} with (force)`).finally(() => client.end());
    }
  });
});
