import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractFiles, type ExtractFileLine } from './files.js';

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
});
