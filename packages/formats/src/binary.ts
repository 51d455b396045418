// Is this text or binary? The WHATWG MIME Sniffing rule (a "binary data byte" among the first
// 1445 bytes) and the signatures of the binary formats a link most often leads to.

const SNIFF_BYTES = 1445;

/** Control characters that never occur in text: 0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F (not TAB, LF, FF, CR, ESC). */
function isBinaryDataByte(c: number): boolean {
  return c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f);
}

const SIGNATURES: [string, number[]][] = [
  ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip data', [0x1f, 0x8b]],
  ['RIFF media (WebP, WAV, AVI)', [0x52, 0x49, 0x46, 0x46]],
  ['Ogg media', [0x4f, 0x67, 0x67, 0x53]],
  ['MP3 audio', [0x49, 0x44, 0x33]],
  ['WebAssembly', [0x00, 0x61, 0x73, 0x6d]],
];

/**
 * Why these bytes (or this decoded text) are binary rather than text, or null when they read as
 * text. Pass UTF-16/32 documents decoded, not as bytes (their NULs are text there).
 */
export function binaryReason(input: Uint8Array | string): string | null {
  const n = Math.min(input.length, SNIFF_BYTES);
  const at = typeof input === 'string' ? (i: number): number => input.charCodeAt(i) : (i: number): number => input[i]!;
  if (typeof input !== 'string') {
    for (const [name, sig] of SIGNATURES) {
      if (input.length >= sig.length && sig.every((b, i) => input[i] === b)) return `binary content (${name})`;
    }
  }
  let count = 0;
  let firstAt = -1;
  for (let i = 0; i < n; i++) {
    if (isBinaryDataByte(at(i))) {
      count++;
      if (firstAt < 0) firstAt = i;
    }
  }
  if (count === 0) return null;
  return `binary content (${count} control byte${count === 1 ? '' : 's'} such as 0x${at(firstAt).toString(16).padStart(2, '0')} in the first ${n} bytes)`;
}
