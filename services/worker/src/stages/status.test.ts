import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '@newsline/queue';
import { nextStage, STAGE_INPUT, statusFor } from './status.js';
import { checkHandlers, parseStageNames, STAGES } from '../runner.js';

describe('nextStage', () => {
  it('sends an article through fetch, extract, dedupe and claims, and nowhere from a final status', () => {
    const path: string[] = [];
    for (const status of ['discovered', 'received', 'extracted', 'deduped', 'claimed'] as const) path.push(nextStage(status) ?? '-');
    expect(path).toEqual(['fetch', 'extract', 'dedupe', 'claims', '-']);
    for (const status of ['not_article', 'duplicate', 'failed'] as const) expect(nextStage(status)).toBeUndefined();
  });

  it('is the inverse of the status each stage takes', () => {
    for (const [stage, status] of Object.entries(STAGE_INPUT)) expect(nextStage(status)).toBe(stage);
  });

  it('reads a failed article as waiting for the stage it failed in', () => {
    expect(statusFor({ status: 'failed', failed_stage: 'dedupe' }, 'dedupe')).toBe('extracted');
    expect(statusFor({ status: 'failed', failed_stage: 'dedupe' }, 'claims')).toBe('failed');
  });
});

describe('stage handlers', () => {
  it('has one for every queue of the catalog', () => {
    expect(Object.keys(STAGES).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(() => checkHandlers(QUEUE_NAMES)).not.toThrow();
  });

  it('refuses a stage without a handler, naming it', () => {
    const { claims: _claims, ...partial } = STAGES;
    expect(() => checkHandlers(['extract', 'claims'], partial)).toThrow(/no handler for stage "claims"/);
    expect(() => parseStageNames(['extract', 'parse'])).toThrow(/unknown stage "parse"/);
  });
});
