import { readFile } from 'node:fs/promises';
import { FetchError, type HttpClient } from '@newsline/fetch';
import { FeedParseError } from './errors.js';
import { parseFeed } from './parse.js';

/** One line of `newsline feeds parse FILE...|URL`. */
export type FeedFileLine =
  | {
      file: string;
      title: string;
      link: string | null;
      entries: { id: string | null; title: string; link: string | null; publishedAt: string | null }[];
    }
  | { file: string; error: string };

function message(err: unknown): string {
  if (err instanceof FeedParseError || err instanceof FetchError) return err.message;
  if (err && typeof err === 'object' && 'code' in err && 'path' in err) {
    return `cannot read ${String((err as { path: unknown }).path)}: ${String((err as { code: unknown }).code)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Parses each input (a file path, or an http(s) URL fetched with `client`) into the line the CLI
 * prints. Never throws: a failure becomes `{file, error}` with a message naming the input.
 */
export async function parseFeedFile(input: string, opts: { client?: HttpClient } = {}): Promise<FeedFileLine> {
  try {
    let bytes: Uint8Array;
    let url: string | undefined;
    let contentType: string | undefined;
    if (/^https?:\/\//i.test(input)) {
      if (!opts.client) return { file: input, error: `${input}: no HTTP client given to fetch URLs` };
      const res = await opts.client.fetch(input, { kind: 'feed' });
      bytes = res.body;
      url = res.finalUrl;
      contentType = res.contentType ?? undefined;
    } else {
      bytes = await readFile(input);
    }
    const feed = await parseFeed(bytes, { url, contentType, name: input });
    return {
      file: input,
      title: feed.title,
      link: feed.link,
      entries: feed.entries.map((e) => ({ id: e.id, title: e.title, link: e.link, publishedAt: e.publishedAt })),
    };
  } catch (err) {
    return { file: input, error: message(err) };
  }
}

/** parseFeedFile over many inputs, in order (one JSON line each: JSON.stringify(line)). */
export async function parseFeedFiles(inputs: readonly string[], opts: { client?: HttpClient } = {}): Promise<FeedFileLine[]> {
  const out: FeedFileLine[] = [];
  for (const input of inputs) out.push(await parseFeedFile(input, opts));
  return out;
}
