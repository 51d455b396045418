import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { connectionErrorLogger } from './logger.js';

describe('connectionErrorLogger', () => {
  it('logs the first error of an outage, then one line per interval with how many came meanwhile', async () => {
    const lines: { msg: string; connection: string; err: string; suppressed?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const onError = connectionErrorLogger(logger, 'Redis (worker)', 50);
    onError(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    for (let i = 0; i < 5; i++) onError(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 60));
    onError(new Error('read ECONNRESET'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'Redis (worker) connection error', connection: 'Redis (worker)', err: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(lines[1]).toMatchObject({ err: 'read ECONNRESET', suppressed: 5 });
  });
});
