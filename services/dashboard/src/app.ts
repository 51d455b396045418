import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { JobQueues } from '@newsline/queue';
import { FeedsRepository, feedHealth, getStory, listStories, type Db } from '@newsline/db';
import { feedsPage } from './feeds-page.js';
import { storiesPage, storyPage } from './stories-page.js';
import { basicAuthMatches, checkExposure } from './auth.js';
import { OperatorRetryAdapter } from './retry-adapter.js';

export interface DashboardOptions {
  queues: JobQueues;
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  /** The database, for the feeds and stories pages and APIs, and checked by /healthz. */
  db?: Db;
  /** Extra readiness checks for /healthz (e.g. the database). */
  checks?: Record<string, () => Promise<void>>;
}

/** Bull Board on every queue at /queues, and /healthz. */
export async function buildDashboard(opts: DashboardOptions): Promise<FastifyInstance> {
  checkExposure(opts.host, opts.user, opts.password);
  const app = Fastify({ logger: false });

  const { user, password } = opts;
  if (user && password) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.url === '/healthz') return;
      if (!basicAuthMatches(req.headers.authorization, user, password)) {
        await reply.header('www-authenticate', 'Basic realm="newsline", charset="UTF-8"').code(401).send('authentication required\n');
      }
    });
  }

  const board = new FastifyAdapter();
  board.setBasePath('/queues');
  createBullBoard({
    queues: opts.queues.all().map((q) => new OperatorRetryAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Newsline' } },
  });
  await app.register(board.registerPlugin(), { prefix: '/queues' });

  app.get('/', async (_req, reply) => reply.redirect('/queues'));
  const { db } = opts;
  if (db) {
    app.get('/feeds', async (_req, reply) => {
      const feeds = await new FeedsRepository(db).list();
      return reply.type('text/html; charset=utf-8').send(feedsPage(feeds));
    });
    app.get('/api/feeds', async () => {
      const feeds = await new FeedsRepository(db).list();
      return { feeds: feeds.map((f) => ({ ...f, health: feedHealth(f) })) };
    });
    const limitOf = (q: unknown): number => {
      const n = Number((q as { limit?: string } | undefined)?.limit ?? 50);
      return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 50;
    };
    app.get('/stories', async (req, reply) => reply.type('text/html; charset=utf-8').send(storiesPage(await listStories(db, limitOf(req.query)))));
    app.get('/api/stories', async (req) => ({ stories: await listStories(db, limitOf(req.query)) }));
    const storyRoute = async (raw: string): Promise<Awaited<ReturnType<typeof getStory>> | 'bad'> => {
      const id = Number(raw);
      return Number.isSafeInteger(id) && id > 0 ? getStory(db, id) : 'bad';
    };
    app.get<{ Params: { id: string } }>('/stories/:id', async (req, reply) => {
      const found = await storyRoute(req.params.id);
      if (found === 'bad') return reply.code(400).type('text/plain').send(`not a story id: ${req.params.id}\n`);
      if (!found) return reply.code(404).type('text/plain').send(`no story ${req.params.id}\n`);
      return reply.type('text/html; charset=utf-8').send(storyPage(found.story, found.articles));
    });
    app.get<{ Params: { id: string } }>('/api/stories/:id', async (req, reply) => {
      const found = await storyRoute(req.params.id);
      if (found === 'bad') return reply.code(400).send({ error: `not a story id: ${req.params.id}` });
      if (!found) return reply.code(404).send({ error: `no story ${req.params.id}` });
      return found;
    });
  }
  app.get('/healthz', async (_req, reply) => {
    const results: Record<string, string> = {};
    const checks: Record<string, () => Promise<void>> = {
      redis: async () => {
        await opts.queues.connection.ping();
      },
      ...(opts.db ? { postgres: async () => void (await sql`select 1`.execute(opts.db!)) } : {}),
      ...opts.checks,
    };
    let ok = true;
    for (const [name, check] of Object.entries(checks)) {
      try {
        await check();
        results[name] = 'ok';
      } catch (err) {
        ok = false;
        results[name] = err instanceof Error ? err.message : String(err);
      }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks: results });
  });
  return app;
}

/** Builds and listens; resolves to the address to print. */
export async function startDashboard(opts: DashboardOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildDashboard(opts);
  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { app, url: `http://${host}:${port}/queues` };
}
