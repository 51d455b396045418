import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { JobQueues } from '@newsline/queue';
import { FeedsRepository, feedHealth, type Db } from '@newsline/db';
import { feedsPage } from './feeds-page.js';
import { basicAuthMatches, checkExposure } from './auth.js';

export interface DashboardOptions {
  queues: JobQueues;
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  /** The database, for the feeds page and API, and checked by /healthz. */
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
    queues: opts.queues.all().map((q) => new BullMQAdapter(q)),
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
