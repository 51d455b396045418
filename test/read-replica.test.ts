// DATABASE_READ_URL: the dashboard (pages, API) and `newsline export` read from it, as from a read
// replica; the workers and the migrations use DATABASE_URL. Two databases with different rows stand
// for the primary and its replica, and the replica is read through a role that cannot write.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, type Db } from '@newsline/db';
import { ROOT_DIR } from '../services/cli/src/paths.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { adminUrl, redisUrl } from './support/env.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';

async function storeStory(db: Db, title: string, claim: string): Promise<void> {
  const { id: story } = await db
    .insertInto('stories')
    .values({ title, first_seen_at: new Date('2024-01-01T00:00:00Z'), last_seen_at: new Date('2024-01-01T00:00:00Z'), article_count: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const a = await db
    .insertInto('articles')
    .values({ source_key: `url:${title}`, title, status: 'claimed', story_id: story, text: claim, published_at: new Date('2024-01-01T00:00:00Z') })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('claims')
    .values({ article_id: a.id, article_created_at: a.created_at, ordinal: 0, speaker: 'A spokesman', content: claim, start: 0, end: claim.length, quantities: '[]' })
    .execute();
}

function run(args: string[], env: Record<string, string>): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

describe('DATABASE_READ_URL', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  const role = `nl_reader_${randomBytes(4).toString('hex')}`;
  const prefix = uniquePrefix('readurl');
  let readUrl: string;

  beforeAll(async () => {
    primary = await createTestDatabase();
    replica = await createTestDatabase();
    await storeStory(primary.db, 'Primary-only story', 'said the primary');
    await storeStory(replica.db, 'Replica-only story', 'said the replica');
    // A role that can read the replica and write nothing, as on a hot standby.
    const admin = createDb(adminUrl, { max: 1 });
    await sql`create role ${sql.id(role)} login`.execute(admin);
    await sql`alter role ${sql.id(role)} set default_transaction_read_only = on`.execute(admin);
    await admin.destroy();
    await sql`grant select on all tables in schema public to ${sql.id(role)}`.execute(replica.db);
    const u = new URL(replica.url);
    u.username = role;
    readUrl = u.toString();
  });
  afterAll(async () => {
    await primary?.drop();
    await replica?.drop();
    const admin = createDb(adminUrl, { max: 1 });
    await sql`drop role if exists ${sql.id(role)}`.execute(admin);
    await admin.destroy();
    await deletePrefix(prefix);
  });

  it('the dashboard service reads its pages and API from the read database', { timeout: 120_000 }, async () => {
    const dashboard = run(['services/dashboard/src/main.ts'], { DATABASE_URL: primary.url, DATABASE_READ_URL: readUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DASHBOARD_PORT: '0' });
    try {
      const deadline = Date.now() + 60_000;
      let m: RegExpMatchArray | null = null;
      while (!(m = dashboard.out().match(/Dashboard: (http:\/\/\S+)\/queues/))) {
        if (dashboard.child.exitCode !== null || Date.now() > deadline) throw new Error(`dashboard did not start: ${dashboard.out()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const base = m[1]!;
      const api = (await (await fetch(`${base}/api/stories`)).json()) as { stories: { title: string }[] };
      expect(api.stories.map((s) => s.title)).toEqual(['Replica-only story']);
      const page = await (await fetch(`${base}/claims`)).text();
      expect(page).toContain('said the replica');
      expect(page).not.toContain('said the primary');
      expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ status: 'ok', checks: { postgres: 'ok' } });
      // The sessions the dashboard holds on the replica are the read-only role's.
      const sessions = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where usename = ${role}`.execute(replica.db);
      expect(sessions.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      dashboard.child.kill('SIGTERM');
      await dashboard.exit;
    }
  });

  it('`newsline export` reads from the read database; without it, from DATABASE_URL', { timeout: 120_000 }, async () => {
    const env = { DATABASE_URL: primary.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
    const fromReplica = run(['services/cli/src/main.ts', 'export', 'claims', '--format', 'jsonl'], { ...env, DATABASE_READ_URL: readUrl });
    expect(await fromReplica.exit, fromReplica.out()).toBe(0);
    expect(fromReplica.out()).toContain('said the replica');
    expect(fromReplica.out()).not.toContain('said the primary');
    const fromPrimary = run(['services/cli/src/main.ts', 'export', 'claims', '--format', 'jsonl'], env);
    expect(await fromPrimary.exit, fromPrimary.out()).toBe(0);
    expect(fromPrimary.out()).toContain('said the primary');
    expect(fromPrimary.out()).not.toContain('said the replica');
  });
});
