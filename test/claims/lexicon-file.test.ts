// LEXICON_FILE: an operator's lexicon merged over packages/claims/data/lexicon.json, read by the worker and the
// command line at start-up (a bad file stops them, naming the variable and the file) and by the claims threads.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClaimsPool, type DetailedClaim } from '@newsline/claims';

const dir = mkdtempSync(join(tmpdir(), 'newsline-lexicon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = 'The election board said 300 ballots were lost in the flood.';

/** Runs a service entry point with tsx; resolves with its exit code and output. */
function run(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${entry} did not exit: ${stderr}`)); }, 45_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe('LEXICON_FILE', () => {
  it('a worker given a file that is not JSON stops at start-up, naming the variable and the file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"subjects": {');
    // an unused queue prefix and database: the worker must stop before it connects to anything
    const r = await run('services/worker/src/main.ts', ['claims'], { LEXICON_FILE: bad, QUEUE_PREFIX: 'lexicon-file-test', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`LEXICON_FILE=${bad}`);
    expect(r.stderr).toMatch(/invalid JSON/);
  });

  it('the command line given a missing file or a file of the wrong shape stops, naming the variable and the file', async () => {
    const text = join(dir, 'article.txt');
    writeFileSync(text, TEXT);
    const missing = join(dir, 'missing.json');
    const r1 = await run('services/cli/src/main.ts', ['claims', text], { LEXICON_FILE: missing });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`LEXICON_FILE=${missing}`);
    expect(r1.stdout).toBe('');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ subjects: ['ballot'] }));
    const r2 = await run('services/cli/src/main.ts', ['claims', text], { LEXICON_FILE: wrong });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`LEXICON_FILE=${wrong}`);
    expect(r2.stderr).toContain('subjects must be an object');
  });

  it("the command line and the claims threads read the operator's words over the shipped ones", async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ subjects: { ballot: 'vote' } }));
    const text = join(dir, 'article.txt');
    writeFileSync(text, TEXT);
    const r = await run('services/cli/src/main.ts', ['claims', text], { LEXICON_FILE: good });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]!).quantities[0].value).toBe(300);

    const pool = createClaimsPool({ size: 1 });
    try {
      const head = async (lexiconFile?: string): Promise<string | null | undefined> => {
        const { claims } = await pool.extract({ text: TEXT, publishedAt: null, lexiconFile }, 'lexicon test');
        return (claims as DetailedClaim[])[0]?.quantities[0]?.subjectHead;
      };
      expect(await head()).toBe('ballot');
      expect(await head(good)).toBe('vote');
      // a bad file named in a task fails that article with the variable and the file in the message
      await expect(head(join(dir, 'missing.json'))).rejects.toThrow(/LEXICON_FILE=.*missing\.json/);
    } finally {
      await pool.close();
    }
  });
});
