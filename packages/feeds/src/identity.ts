import { createHash } from 'node:crypto';
import { canonicalUrl } from '@newsline/formats';
import type { FeedEntry } from './parse.js';

function tryCanonical(u: string | null | undefined, base?: string): string | undefined {
  if (!u) return undefined;
  try {
    return canonicalUrl(u, base);
  } catch {
    return undefined;
  }
}

function cap(key: string): string {
  return key.length <= 400 ? key : `${key.slice(0, 200)}#sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The identity of a feed entry, stable across polls and equal for the same article seen twice:
 * - a GUID that is an http(s) URL: `url:` + its canonical form (tracking parameters, fragment,
 *   default port and trailing slash removed), so utm_* / fbclid variants and other feeds that use
 *   the article URL as GUID agree;
 * - a GUID that is a tag: or urn: URI (globally unique by definition): `id:` + the GUID;
 * - any other GUID (opaque, only unique within its feed): `guid:` + canonical feed URL + GUID;
 * - no GUID: `url:` + canonical link (resolved against the feed URL);
 * - neither: `td:` + canonical feed URL + a hash of the title and date (and summary when both are
 *   empty).
 * Uses canonicalUrl from @newsline/formats, the one URL normalisation.
 */
export function entryKey(entry: Pick<FeedEntry, 'id' | 'link' | 'title' | 'publishedAt'> & { summary?: string | undefined }, feedUrl: string): string {
  const feed = tryCanonical(feedUrl) ?? feedUrl.trim();
  const id = entry.id?.trim();
  if (id) {
    if (/^https?:\/\//i.test(id)) {
      const c = tryCanonical(id);
      if (c) return cap(`url:${c}`);
    }
    if (/^(tag|urn):/i.test(id)) return cap(`id:${id}`);
    return cap(`guid:${feed} ${id}`);
  }
  const link = tryCanonical(entry.link, feedUrl);
  if (link) return cap(`url:${link}`);
  const title = entry.title.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  const basis = title || entry.publishedAt ? `${title}|${entry.publishedAt ?? ''}` : `|${entry.summary ?? ''}`;
  return `td:${feed} ${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

/** The canonical URL of the entry's article (for article-level dedupe), or null. */
export function entryArticleUrl(entry: Pick<FeedEntry, 'link' | 'id'>, feedUrl: string): string | null {
  return tryCanonical(entry.link, feedUrl) ?? (entry.id && /^https?:\/\//i.test(entry.id) ? tryCanonical(entry.id) ?? null : null);
}
