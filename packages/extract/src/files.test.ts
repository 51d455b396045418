import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeStoredPage, extractFiles, MAX_PAGE_BYTES, type ExtractFileLine } from './files.js';

const body = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i}: the café council voted on Tuesday to approve a new budget for public transport.</p>`).join('');
const page = `<html lang="fr"><head><meta charset="windows-1252"><title>Budget | Times</title><meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body><article><h1>Budget vote</h1>${body}</article></body></html>`;

describe('extractFiles', () => {
  it('yields one line per file, .html and .html.gz, and an error line for a file that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-files-'));
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html.gz');
    writeFileSync(a, iconv.encode(page, 'windows-1252'));
    writeFileSync(b, gzipSync(Buffer.from(page.replace('windows-1252', 'utf-8'), 'utf8')));
    const missing = join(dir, 'missing.html');
    const lines: ExtractFileLine[] = [];
    for await (const line of extractFiles([a, b, missing], { url: 'https://x.example/budget' })) lines.push(line);
    expect(lines.map((l) => l.file)).toEqual([a, b, missing]);
    for (const l of lines.slice(0, 2)) {
      expect(l.title).toBe('Budget vote');
      expect(l.publishedAt).toBe('2024-03-05T10:00:00.000Z');
      expect(l.url).toBe('https://x.example/budget');
      expect(l.lang).toBe('fr');
      expect(l.text.split('\n\n')).toHaveLength(4);
      expect(l.text).toContain('café');
      expect(l.error).toBeUndefined();
    }
    expect(lines[2]!.text).toBe('');
    expect(lines[2]!.error).toMatch(/missing\.html/);
    expect(JSON.parse(JSON.stringify(lines[0]))).toMatchObject({ file: a, byline: null, canonicalUrl: 'https://x.example/budget' });
  });

  it('stops a gzip bomb at the page limit and refuses a binary file, naming each file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-files-'));
    const bomb = join(dir, 'bomb.html.gz');
    // 64 MiB of text in ~64 KB: unpacked without a limit it would be held whole in memory
    writeFileSync(bomb, gzipSync(Buffer.alloc(64 * 1024 * 1024, '<p>a</p>')));
    const binary = join(dir, 'binary.html');
    const bytes = Buffer.alloc(200 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(binary, bytes);
    const good = join(dir, 'good.html');
    writeFileSync(good, page.replace('windows-1252', 'utf-8'));
    const lines: ExtractFileLine[] = [];
    for await (const line of extractFiles([bomb, binary, good])) lines.push(line);
    expect(lines[0]!.error).toBe(`${bomb}: gzip content unpacks to more than the ${MAX_PAGE_BYTES}-byte limit`);
    expect(lines[1]!.error).toMatch(new RegExp(`^${binary.replace(/[.]/g, '\\.')}: binary content \\(\\d+ control bytes .*\\), not a text page$`));
    expect(lines.slice(0, 2).map((l) => [l.isArticle, l.text])).toEqual([[false, ''], [false, '']]);
    expect(lines[2]!.title).toBe('Budget vote');
  });

  it('reads a stored page as the UTF-8 it was stored in, within the page limit', () => {
    const stored = '<html><head><meta charset="shift_jis"></head><body><p>C:\\path ~ 日本</p></body></html>';
    expect(decodeStoredPage(gzipSync(stored), 'article 1')).toBe(stored);
    expect(() => decodeStoredPage(gzipSync(Buffer.alloc(MAX_PAGE_BYTES + 1, 'a')), 'article 2')).toThrow(`article 2: gzip content unpacks to more than the ${MAX_PAGE_BYTES}-byte limit`);
  });
});
