import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisUrl } from './env.js';

/** A queue prefix no other test uses. */
export function uniquePrefix(tag = 't'): string {
  return `nltest-${tag}-${randomBytes(5).toString('hex')}`;
}

/** Deletes every Redis key under the prefix. */
export async function deletePrefix(prefix: string): Promise<void> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
