import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listCorpusFiles, readCorpusFile } from './corpus.js';
import { SEEDS_DIR } from './paths.js';

describe('corpus files', () => {
  it('reads the seeds with their manifest', async () => {
    const { files, errors } = await listCorpusFiles([SEEDS_DIR]);
    expect(errors).toEqual([]);
    expect(files).toHaveLength(5);
    const item = await readCorpusFile(files[0]!);
    if (!('input' in item)) throw new Error(item.error);
    expect(item.input).toMatchObject({
      sourceKey: 'file:seeds/000_bc41fdb8e6de759e.txt',
      publishedAt: '2023-11-04',
      publisher: 'Al Jazeera (Arabic, machine-translated)',
      language: 'en',
    });
    expect(item.input.text).toMatch(/^Yesterday, Friday/);
  });

  it('reads HTML, gzipped HTML and news-please JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    writeFileSync(join(dir, 'a.html'), '<html><body><p>Hi</p></body></html>');
    writeFileSync(join(dir, 'b.html.gz'), gzipSync('<html><body><p>Zipped</p></body></html>'));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ url: 'https://example.com/x', title: 'T', maintext: 'Body text.', date_publish: '2017-09-01 12:00:00', source_domain: 'example.com' }),
    );
    const { files } = await listCorpusFiles([dir]);
    const items = await Promise.all(files.map(readCorpusFile));
    expect(items.map((i) => ('input' in i ? i.input.html ?? i.input.text : i.error))).toEqual([
      '<html><body><p>Hi</p></body></html>',
      '<html><body><p>Zipped</p></body></html>',
      'Body text.',
    ]);
    const json = items[2]!;
    if (!('input' in json)) throw new Error(json.error);
    expect(json.input).toMatchObject({ sourceKey: 'https://example.com/x', publishedAt: '2017-09-01T12:00:00Z', publisher: 'example.com', title: 'T' });
  });

  it('names what is wrong with a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    writeFileSync(join(dir, 'x.json'), '[1, 2');
    writeFileSync(join(dir, 'y.json'), '{"title": "nothing else"}');
    writeFileSync(join(dir, 'z.txt'), '   \n');
    writeFileSync(join(dir, 'notes.md'), '# not an article');
    const { files, errors } = await listCorpusFiles([dir, join(dir, 'notes.md'), join(dir, 'nope')]);
    expect(errors.map((e) => e.error)).toEqual([expect.stringMatching(/not an article file/), 'no such file or folder']);
    const items = await Promise.all(files.map(readCorpusFile));
    expect(items.map((i) => ('error' in i ? i.error : 'ok'))).toEqual([
      expect.stringMatching(/^invalid JSON/),
      'the JSON article has no text and no html',
      'no text',
    ]);
  });

  it('refuses a gzip bomb, a binary page and a binary text file by name instead of storing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    writeFileSync(join(dir, 'bomb.html.gz'), gzipSync(Buffer.alloc(64 * 1024 * 1024, '<p>a</p>')));
    const bytes = Buffer.alloc(200 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(join(dir, 'binary.html'), bytes);
    writeFileSync(join(dir, 'binary.txt'), bytes);
    writeFileSync(join(dir, 'latin.html'), Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>caf\xe9</p></body></html>', 'latin1'));
    const { files } = await listCorpusFiles([dir]);
    const items = await Promise.all(files.map(readCorpusFile));
    expect(items.map((i) => ('error' in i ? i.error : i.input.html))).toEqual([
      expect.stringMatching(/^binary content \(\d+ control bytes .*\), not a text page$/),
      expect.stringMatching(/^binary content \(\d+ control bytes .*\), not a text page$/),
      `gzip content unpacks to more than the ${10 * 1024 * 1024}-byte limit`,
      // the page's own charset, as \`newsline extract\` reads it (no longer read as UTF-8 whatever it says)
      '<html><head><meta charset="iso-8859-1"></head><body><p>café</p></body></html>',
    ]);
  });
});
