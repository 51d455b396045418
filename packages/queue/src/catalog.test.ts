import { describe, expect, it } from 'vitest';
import { InvalidJobError, QUEUE_NAMES, defaultJobOptions, jobIdFor, parseJobData } from './catalog.js';

describe('job catalog', () => {
  it('has the five stage queues', () => {
    expect(QUEUE_NAMES).toEqual(['feeds', 'fetch', 'extract', 'dedupe', 'claims']);
  });

  it('derives deterministic ids that are neither numeric nor contain ":"', () => {
    expect(jobIdFor('extract', { articleId: 42 })).toBe('extract-42');
    expect(jobIdFor('feeds', { feedId: 7 })).toBe('poll-7');
    for (const name of QUEUE_NAMES) {
      const data = name === 'feeds' ? { feedId: 1 } : { articleId: 1 };
      const id = jobIdFor(name, data as never);
      expect(id).not.toMatch(/:/);
      expect(id).not.toMatch(/^\d+$/);
    }
  });

  it('rejects payloads that are not ids, naming the queue and field', () => {
    expect(() => parseJobData('dedupe', { articleId: 'x' })).toThrow(InvalidJobError);
    expect(() => parseJobData('dedupe', { articleId: -1 })).toThrow(/dedupe job payload.*articleId/);
    expect(() => parseJobData('claims', { articleId: 1, text: 'no article text in Redis' })).toThrow(/claims/);
    expect(parseJobData('claims', { articleId: 3 })).toEqual({ articleId: 3 });
  });

  it('retries with jittered exponential backoff and bounded retention', () => {
    expect(defaultJobOptions.attempts).toBeGreaterThan(1);
    expect(defaultJobOptions.backoff).toMatchObject({ type: 'exponential' });
    expect((defaultJobOptions.backoff as { jitter?: number }).jitter).toBeGreaterThan(0);
    expect(defaultJobOptions.removeOnComplete).toMatchObject({ count: expect.any(Number) });
  });
});
