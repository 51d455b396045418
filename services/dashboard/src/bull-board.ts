import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { AfterHook } from '@bull-board/api/typings/app';
import type { JobQueues } from '@newsline/queue';
import { ArticlesView, FeedsRepository, type Db } from '@newsline/db';
import { NAV } from './html.js';

interface BoardJob {
  data?: { articleId?: unknown; feedId?: unknown } | null;
  failedReason?: string;
  stacktrace?: string[];
  externalUrl?: { displayText?: string; href: string };
}

const REASON = 'Reason: ';

/**
 * What the board shows of a job: the article it is about (title, and a link to its page) or
 * its feed, and for a failed job the reason first, then the stack of each attempt.
 */
export function boardAfterHook(db: Db | undefined): AfterHook {
  return async (ctx, result) => {
    if (ctx.method !== 'get' || (ctx.route !== '/api/queues' && ctx.route !== '/api/queues/:queueName/:jobId')) return result;
    const body = result.body as { queues?: { jobs?: BoardJob[] }[]; job?: BoardJob } | string;
    if (typeof body !== 'object' || body === null) return result;
    const jobs = [...(body.queues ?? []).flatMap((q) => q.jobs ?? []), ...(body.job ? [body.job] : [])];
    for (const j of jobs) {
      if (j.failedReason && j.stacktrace?.length && !j.stacktrace[0]?.startsWith(REASON)) j.stacktrace = [`${REASON}${j.failedReason}\n`, ...j.stacktrace];
    }
    if (!db) return result;
    const idOf = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);
    const articleIds = [...new Set(jobs.map((j) => idOf(j.data?.articleId)).filter((v): v is number => v !== null))];
    const feedIds = new Set(jobs.map((j) => idOf(j.data?.feedId)).filter((v): v is number => v !== null));
    const [titles, feeds] = await Promise.all([
      new ArticlesView(db).titles(articleIds),
      feedIds.size ? new FeedsRepository(db).list() : Promise.resolve([]),
    ]);
    const feedTitles = new Map(feeds.filter((f) => feedIds.has(f.id)).map((f) => [f.id, f.title ?? f.url]));
    for (const j of jobs) {
      const a = idOf(j.data?.articleId);
      const f = idOf(j.data?.feedId);
      if (a !== null) j.externalUrl = { displayText: `article ${a}: ${titles.get(a) ?? '(no longer stored)'}`, href: `/articles/${a}` };
      else if (f !== null) j.externalUrl = { displayText: `feed ${f}: ${feedTitles.get(f) ?? '(removed)'}`, href: '/feeds' };
    }
    return result;
  };
}

const FONT_LINK = /<link[^>]+href="https?:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/g;

/** Bull Board on every queue at /queues, linked to the rest of the dashboard, loading nothing from other hosts. */
export async function mountBullBoard(app: FastifyInstance, queues: JobQueues, db: Db | undefined): Promise<void> {
  const board = new FastifyAdapter();
  board.setBasePath('/queues');
  createBullBoard({
    // Retry from the board gives a job a fresh attempt budget.
    queues: queues.boardAdapters(),
    serverAdapter: board,
    options: {
      uiConfig: {
        boardTitle: 'Newsline',
        // The way back to the rest of the dashboard, in the board's menu.
        miscLinks: NAV.filter(([href]) => href !== '/queues').map(([url, text]) => ({ text, url })),
        hideDocsLink: true,
        // Throughput from BullMQ's worker metrics (the workers record them).
        showMetrics: true,
      },
      handlerHooks: { after: boardAfterHook(db) },
    },
  });
  // The board's page asks Google for its fonts: drop that link, the system fonts stand in.
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || !req.url.startsWith('/queues')) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    // And a way back to the reading pages, outside the board's React root.
    return payload
      .replace(FONT_LINK, '')
      .replace('</head>', '<link rel="stylesheet" href="/assets/newsline-board.css"></head>')
      .replace('<div id="root">', '<a class="nl-back" href="/stories">← Newsline stories</a><div id="root">');
  });
  await app.register(board.registerPlugin(), { prefix: '/queues' });
}
