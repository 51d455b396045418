import { errorMessage, PermanentError } from '@newsline/core';
import { ArticlesRepository, FeedsRepository } from '@newsline/db';
import { FetchError } from '@newsline/fetch';
import { entryArticleUrl, entryKey, nextPollAt, parseFeed, type FeedEntry } from '@newsline/feeds';
import type { StageHandler } from './types.js';
import type { ArticleProgress } from '../chain.js';
import { feedPolls } from '../metrics.js';

/**
 * Polls one feed (a Job Scheduler fires this for every feed): conditional GET, parse, store new
 * entries as articles to fetch, and compute the next poll time. Feed failures are recorded on
 * the feed (backoff, never giving up), not retried by the queue.
 */
export const pollStage: StageHandler<'feeds'> = async (ctx, { feedId }) => {
  const feeds = new FeedsRepository(ctx.db);
  const feed = await feeds.get(feedId);
  if (!feed) throw new PermanentError(`feed ${feedId} does not exist (removed?)`);
  const now = Date.now();
  // The scheduler is a heartbeat at the feed's base interval; backoff and cache hints push the
  // real next poll further out.
  if (feed.next_poll_at && feed.next_poll_at.getTime() > now + 5_000) {
    feedPolls.inc({ outcome: 'backoff' });
    return { result: 'not due' };
  }
  const bounds = { defaultIntervalMs: feed.interval_seconds * 1000, minIntervalMs: Math.min(feed.interval_seconds * 1000, 10 * 60_000) };

  let res;
  let entries: FeedEntry[] | undefined;
  let ttlMinutes: number | undefined;
  try {
    res = await ctx.http.fetch(feed.url, { kind: 'feed', etag: feed.etag, lastModified: feed.last_modified });
    if (!res.notModified) {
      const parsed = await parseFeed(res.body, { url: res.finalUrl, contentType: res.contentType ?? undefined, name: feed.url });
      entries = parsed.entries;
      ttlMinutes = parsed.ttlMinutes;
      if (!feed.title && parsed.title) await feeds.update(feedId, { title: parsed.title, site_url: parsed.link });
    }
  } catch (err) {
    const failures = feed.failure_count + 1;
    const next = nextPollAt({
      now,
      outcome: 'error',
      consecutiveFailures: failures,
      retryAfterMs: err instanceof FetchError ? err.retryAfterMs : undefined,
      ...bounds,
    });
    await feeds.update(feedId, {
      failure_count: failures,
      last_error: errorMessage(err).slice(0, 1000),
      last_status: err instanceof FetchError ? (err.status ?? null) : null,
      last_polled_at: new Date(now),
      next_poll_at: next.at,
      schedule_reason: next.reason,
    });
    feedPolls.inc({ outcome: 'error' });
    return { result: `failed (${failures} in a row), next poll ${next.at.toISOString()}` };
  }

  const articles = new ArticlesRepository(ctx.db);
  const found: ArticleProgress[] = [];
  let skipped = 0;
  for (const entry of entries ?? []) {
    const url = entryArticleUrl(entry, res.finalUrl);
    if (!url) {
      skipped++;
      continue;
    }
    const r = await articles.insertIfNew({
      // The article's canonical URL: the same article from two feeds, or with tracking
      // parameters, is one article.
      source_key: `url:${url}`,
      url: entry.link ?? url,
      canonical_url: url,
      feed_id: feedId,
      feed_entry_id: entryKey(entry, feed.url),
      title: entry.title || null,
      published_at: entry.publishedAt ? new Date(entry.publishedAt) : null,
      status: 'discovered',
    });
    if (r.created) found.push({ articleId: r.id, status: 'discovered' });
  }
  const schedule = nextPollAt({ now, outcome: res.notModified ? 'not_modified' : 'ok', headers: res.headers, ttlMinutes, ...bounds });
  await feeds.update(feedId, {
    etag: res.etag ?? feed.etag,
    last_modified: res.lastModified ?? feed.last_modified,
    failure_count: 0,
    last_error: null,
    last_status: res.status,
    last_new_entries: found.length,
    last_polled_at: new Date(now),
    last_success_at: new Date(now),
    next_poll_at: schedule.at,
    schedule_reason: schedule.reason,
  });
  feedPolls.inc({ outcome: res.notModified ? '304' : '200' });
  const detail = res.notModified ? 'not modified' : `${entries?.length ?? 0} entries, ${found.length} new${skipped ? `, ${skipped} without a link` : ''}`;
  return { result: detail, articles: found };
};
