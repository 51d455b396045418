// The command line as a user runs it: a real process, its output piped.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `newsline ARGS`; with `closeAfterFirstChunk`, closes the read end of its stdout as `head` does. */
function newsline(args: string[], opts: { env?: Record<string, string>; closeAfterFirstChunk?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (opts.closeAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('newsline output', () => {
  it('ends quietly when its standard output is closed (newsline extract FILES | head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-pipe-'));
    const files: string[] = [];
    const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of a story long enough to be an article, about the council's budget and its vote on Tuesday.</p>`).join('');
    for (let i = 0; i < 200; i++) {
      const f = join(dir, `page-${i}.html`);
      writeFileSync(f, `<html><head><title>Story ${i}</title></head><body><article><h1>Story ${i}</h1>${body}</article></body></html>`);
      files.push(f);
    }
    const run = await newsline(['extract', ...files], { closeAfterFirstChunk: true });
    expect(run.stdout).toMatch(/^\{"file":/);
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.code).toBe(0);
  });
});

describe('newsline feeds parse URL', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss version="2.0"><channel><title>Local</title><item><title>One</title><link>https://local.example/1</link></item></channel></rss>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.rss`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches under FETCH_ALLOW_HOSTS like every other command (the same HTTP client)', async () => {
    const allowed = await newsline(['feeds', 'parse', url], { env: { FETCH_ALLOW_HOSTS: new URL(url).host } });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ file: url, title: 'Local', entries: [{ title: 'One', link: 'https://local.example/1' }] });
    const refused = await newsline(['feeds', 'parse', url], { env: { FETCH_ALLOW_HOSTS: '' } });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
  });
});
