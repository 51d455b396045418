import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { JobQueues } from '@newsline/queue';
import {
  ArticlesView,
  ClaimsView,
  EventsView,
  EXPORT_FORMATS,
  EXPORT_KINDS,
  FeedsRepository,
  exportLines,
  feedHealth,
  findStories,
  getStoryView,
  pingDatabase,
  search,
  type Db,
  type ExportFormat,
  type ExportKind,
} from '@newsline/db';
import { feedsPage } from './feeds-page.js';
import { storiesPage, storyPage } from './stories-page.js';
import { articlePage, badRequestPage, claimsPage, eventsPage, notFoundPage, searchPage } from './reading-pages.js';
import { figuresPage, disagreements } from './figures-page.js';
import { BOARD_STYLESHEET, STYLESHEET } from './html.js';
import { BadParameter, LIST_FILTERS, parseId, parseQuery } from './params.js';
import { basicAuthMatches, checkExposure } from './auth.js';
import { securityHeaders } from './security.js';
import { mountBullBoard } from './bull-board.js';
import { metricsText } from './metrics.js';

export interface DashboardOptions {
  queues: JobQueues;
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  /** The database, for the reading pages, the feeds page and the APIs, and checked by /healthz. */
  db?: Db;
  /** Extra readiness checks for /healthz (e.g. the database). */
  checks?: Record<string, () => Promise<void>>;
}

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the dashboard serves (method and path pattern), Bull Board's included. */
export function dashboardRoutes(app: FastifyInstance): { method: string; url: string }[] {
  return [...(ROUTES.get(app) ?? [])];
}

/** A missing thing: a 404 page, or JSON under /api. */
class NotFound extends Error {
  override name = 'NotFound';
}

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url === '/api';
const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

/** Bull Board at /queues, the reading pages, the JSON API, exports, /metrics and /healthz. */
export async function buildDashboard(opts: DashboardOptions): Promise<FastifyInstance> {
  checkExposure(opts.host, opts.user, opts.password);
  const app = Fastify({ logger: false });
  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  const { user, password } = opts;
  if (user && password) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.url === '/healthz') return;
      if (!basicAuthMatches(req.headers.authorization, user, password)) {
        await reply.header('www-authenticate', 'Basic realm="newsline", charset="UTF-8"').code(401).send('authentication required\n');
      }
    });
  }
  securityHeaders(app);

  app.setNotFoundHandler(async (req, reply) => {
    const what = `nothing at ${req.method} ${req.url.split('?')[0]}`;
    if (isApi(req)) return reply.code(404).send({ error: what });
    return html(reply.code(404), notFoundPage(what));
  });
  app.setErrorHandler(async (err, req, reply) => {
    if (err instanceof BadParameter) {
      if (isApi(req)) return reply.code(400).send({ error: err.message, parameter: err.parameter });
      return html(reply.code(400), badRequestPage(err.message));
    }
    if (err instanceof NotFound) {
      if (isApi(req)) return reply.code(404).send({ error: err.message });
      return html(reply.code(404), notFoundPage(err.message));
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    const message = err instanceof Error ? err.message : String(err);
    if (isApi(req) || status < 500) return reply.code(status).send({ error: message });
    return html(reply.code(status), badRequestPage(message));
  });

  await mountBullBoard(app, opts.queues, opts.db);

  app.get('/assets/newsline-board.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BOARD_STYLESHEET));
  app.get('/assets/newsline.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET));
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/queues/static/favicon-32x32.png'));
  app.get('/', async (_req, reply) => reply.redirect(opts.db ? '/stories' : '/queues'));
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metricsText(opts.queues, opts.db)));

  const { db } = opts;
  if (db) {
    const articles = new ArticlesView(db);
    const claims = new ClaimsView(db);
    const events = new EventsView(db);

    const storyOr404 = async (raw: string) => {
      const story = await getStoryView(db, parseId('id', raw));
      if (!story) throw new NotFound(`no story ${raw}`);
      return story;
    };
    const articleOr404 = async (raw: string) => {
      const article = await articles.get(parseId('id', raw));
      if (!article) throw new NotFound(`no article ${raw}`);
      return article;
    };

    app.get('/feeds', async (_req, reply) => html(reply, feedsPage(await new FeedsRepository(db).list())));
    app.get('/api/feeds', async () => {
      const feeds = await new FeedsRepository(db).list();
      return { feeds: feeds.map((f) => ({ ...f, health: feedHealth(f) })) };
    });

    const STORY_PARAMS = ['q', 'outlet', 'speaker', 'from', 'to', 'page', 'limit'] as const;
    app.get('/stories', async (req, reply) => {
      const p = parseQuery(req.query, STORY_PARAMS);
      return html(reply, storiesPage(await findStories(db, p.filter, p.page), p.values));
    });
    app.get('/api/stories', async (req) => {
      const p = parseQuery(req.query, STORY_PARAMS);
      const { items, ...rest } = await findStories(db, p.filter, p.page);
      return { stories: items, ...rest };
    });
    app.get<{ Params: { id: string } }>('/stories/:id', async (req, reply) => {
      parseQuery(req.query, []);
      const story = await storyOr404(req.params.id);
      const f = { story: story.id };
      const first = { page: 1, limit: 50 };
      const [list, claimPage, eventPage, figures] = await Promise.all([articles.forStory(story.id), claims.list(f, first), events.list(f, first), events.figures(f, 500)]);
      return html(reply, storyPage({ story, articles: list, claims: claimPage, events: eventPage, figures }));
    });
    app.get<{ Params: { id: string } }>('/api/stories/:id', async (req) => {
      parseQuery(req.query, []);
      const story = await storyOr404(req.params.id);
      const [list, claimCount, eventCount] = await Promise.all([articles.forStory(story.id), claims.count({ story: story.id }), events.count({ story: story.id })]);
      return {
        story,
        articles: list,
        claims: { total: claimCount, href: `/api/claims?story=${story.id}` },
        events: { total: eventCount, href: `/api/events?story=${story.id}` },
      };
    });

    app.get<{ Params: { id: string } }>('/articles/:id', async (req, reply) => {
      const p = parseQuery(req.query, ['claim']);
      const article = await articleOr404(req.params.id);
      return html(reply, articlePage(article, await claims.forArticle(article.id), p.claim));
    });
    app.get<{ Params: { id: string } }>('/api/articles/:id', async (req) => {
      parseQuery(req.query, []);
      const article = await articleOr404(req.params.id);
      return { article, claims: await claims.forArticle(article.id) };
    });
    const ARTICLE_PARAMS = ['q', 'outlet', 'speaker', 'from', 'to', 'story', 'page', 'limit'] as const;
    app.get('/api/articles', async (req) => {
      const p = parseQuery(req.query, ARTICLE_PARAMS);
      const { items, ...rest } = await articles.list(p.filter, p.page);
      return { articles: items, ...rest };
    });

    app.get('/claims', async (req, reply) => {
      const p = parseQuery(req.query, LIST_FILTERS);
      return html(reply, claimsPage(await claims.list(p.filter, p.page), p.values));
    });
    app.get('/api/claims', async (req) => {
      const p = parseQuery(req.query, LIST_FILTERS);
      const { items, ...rest } = await claims.list(p.filter, p.page);
      return { claims: items, ...rest };
    });

    const EVENT_PARAMS = [...LIST_FILTERS, 'kind'] as const;
    app.get('/events', async (req, reply) => {
      const p = parseQuery(req.query, EVENT_PARAMS);
      return html(reply, eventsPage(await events.list(p.filter, p.page), p.values));
    });
    app.get('/api/events', async (req) => {
      const p = parseQuery(req.query, EVENT_PARAMS);
      const { items, ...rest } = await events.list(p.filter, p.page);
      return { events: items, ...rest };
    });
    app.get<{ Params: { id: string } }>('/api/events/:id', async (req) => {
      parseQuery(req.query, []);
      const event = await events.get(parseId('id', req.params.id));
      if (!event) throw new NotFound(`no event ${req.params.id}`);
      return { event };
    });

    const FIGURE_PARAMS = ['about', 'speaker', 'outlet', 'from', 'to', 'story', 'q'] as const;
    app.get('/figures', async (req, reply) => {
      const p = parseQuery(req.query, FIGURE_PARAMS);
      const [figures, subjects] = await Promise.all([p.filter.subject ? events.figures(p.filter) : Promise.resolve([]), events.figureSubjects(40)]);
      return html(reply, figuresPage(p.values.about, figures, p.values, subjects));
    });
    app.get('/api/figures', async (req) => {
      const p = parseQuery(req.query, [...FIGURE_PARAMS, 'subject', 'page', 'limit']);
      const [figures, total] = await Promise.all([events.figures(p.filter, p.page.limit, (p.page.page - 1) * p.page.limit), events.countFigures(p.filter)]);
      // Disagreements are judged within the page (a day's figures stay together in the order used).
      const against = disagreements(figures);
      return {
        figures: figures.map((f, i) => ({ ...f, disagreesWith: (against.get(i) ?? []).map((j) => ({ eventId: figures[j]!.eventId, claimId: figures[j]!.claimId })) })),
        total,
        ...p.page,
      };
    });

    app.get('/search', async (req, reply) => {
      const p = parseQuery(req.query, LIST_FILTERS);
      const any = Object.keys(p.filter).length > 0;
      return html(reply, searchPage(any ? await search(db, p.filter, p.page) : null, p.values));
    });
    app.get('/api/search', async (req) => {
      const p = parseQuery(req.query, LIST_FILTERS);
      if (!p.filter.q) throw new BadParameter('q', 'required: the words to search for');
      return search(db, p.filter, p.page);
    });

    app.get<{ Params: { file: string } }>('/export/:file', async (req, reply) => {
      const m = /^([a-z]+)\.([a-z]+)$/.exec(req.params.file);
      const kind = m?.[1] as ExportKind | undefined;
      const format = m?.[2] as ExportFormat | undefined;
      if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind)) throw new NotFound(`no export ${req.params.file}: exports are ${EXPORT_KINDS.join(', ')} as .csv or .jsonl`);
      if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new NotFound(`no export ${req.params.file}: formats are .csv and .jsonl`);
      const p = parseQuery(req.query, kind === 'events' ? [...LIST_FILTERS.filter((n) => n !== 'page' && n !== 'limit'), 'kind'] : LIST_FILTERS.filter((n) => n !== 'page' && n !== 'limit'));
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="newsline-${kind}-${stamp}.${format}"`)
        .send(Readable.from(exportLines(db, kind, format, p.filter)));
    });
  }

  app.get('/healthz', async (_req, reply) => {
    const results: Record<string, string> = {};
    const checks: Record<string, () => Promise<void>> = {
      redis: () => opts.queues.ping(),
      ...(opts.db ? { postgres: () => pingDatabase(opts.db!) } : {}),
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
