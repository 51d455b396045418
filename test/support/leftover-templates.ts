// The template database a `vitest run` makes is dropped when the run ends; a run that is killed
// leaves it behind. The next run drops the ones whose run (its process id is in the name) is gone.
import pg from 'pg';
import { dropDatabase } from '@newsline/db';
import { adminUrl, databaseUrl } from './env.js';

/** The name a run's template database gets: nl_tpl_<pid>_<time>. */
export const templateName = (pid: number, time: number): string => `nl_tpl_${pid}_${time.toString(36)}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but is another user's
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops the template databases of runs that are no longer running; returns their names. */
export async function dropLeftoverTemplates(): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let names: string[];
  try {
    names = (await client.query<{ datname: string }>(`select datname from pg_database where datname like 'nl\\_tpl\\_%'`)).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  const gone = names.filter((n) => {
    const pid = Number(/^nl_tpl_(\d+)_/.exec(n)?.[1]);
    return Number.isInteger(pid) && pid > 0 && !alive(pid);
  });
  for (const n of gone) await dropDatabase(databaseUrl(n));
  return gone;
}
