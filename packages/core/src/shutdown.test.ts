import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ShutdownManager } from './shutdown.js';

describe('ShutdownManager', () => {
  it('runs the steps once, in order, past a step that fails, and logs the failing step by name', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) });
    const ran: string[] = [];
    const m = new ShutdownManager(logger)
      .step('workers', async () => {
        await new Promise((r) => setTimeout(r, 20));
        ran.push('workers');
      })
      .step('dashboard', () => {
        ran.push('dashboard');
        throw new Error('port already closed');
      })
      .step('pool', () => void ran.push('pool'));
    await Promise.all([m.shutdown('test'), m.shutdown('again')]);
    await m.shutdown('later');
    expect(ran).toEqual(['workers', 'dashboard', 'pool']);
    const failed = lines.map((l) => JSON.parse(l) as { msg: string; step?: string; err?: string }).find((l) => l.msg === 'shutdown step failed');
    expect(failed).toMatchObject({ step: 'dashboard', err: 'port already closed' });
  });

  it('refuses two steps of one name', () => {
    const m = new ShutdownManager(pino({ level: 'silent' })).step('pool', () => undefined);
    expect(() => m.step('pool', () => undefined)).toThrow(/"pool" is already added/);
  });
});
