import zlib from 'node:zlib';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A compressed input that is corrupt or unpacks to more than the limit; the message names the input. */
export class DecompressionError extends Error {
  override name = 'DecompressionError';
  constructor(
    readonly input: string,
    readonly reason: 'too-large' | 'corrupt',
    detail: string,
  ) {
    super(`${input}: ${detail}`);
  }
}

/**
 * Unpacks gzip bytes (all members) into at most `limit` bytes. A bomb stops at the limit, before
 * the memory is spent: zlib itself refuses to grow the output past `maxOutputLength`.
 * Throws DecompressionError naming `name` (a file, an article) when over the limit or corrupt.
 */
export function gunzipLimited(bytes: Uint8Array, opts: { limit: number; name: string }): Buffer {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: opts.limit });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new DecompressionError(opts.name, 'too-large', `gzip content unpacks to more than the ${opts.limit}-byte limit`);
    }
    throw new DecompressionError(opts.name, 'corrupt', `gzip content cannot be unpacked: ${err instanceof Error ? err.message : String(err)}`);
  }
}
