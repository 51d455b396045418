/** 32-bit FNV-1a of a string's UTF-16 code units, as an unsigned integer. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `fnv1a32` as 8 hex digits: a short stable key, not a cryptographic hash. */
export function fnv1a32Hex(s: string): string {
  return fnv1a32(s).toString(16).padStart(8, '0');
}
