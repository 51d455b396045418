import { describe, expect, it } from 'vitest';
import { classifyDbError } from './errors.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyDbError', () => {
  it('calls a server or connection that is away unavailable', () => {
    expect(classifyDbError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('unavailable');
    expect(classifyDbError(pgError('57P01', 'terminating connection due to administrator command'))).toBe('unavailable');
    expect(classifyDbError(pgError('57P03', 'the database system is starting up'))).toBe('unavailable');
    expect(classifyDbError(pgError('08006'))).toBe('unavailable');
    expect(classifyDbError(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(classifyDbError(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    // Node reports a refused dual-stack connect as an AggregateError of the attempts.
    expect(classifyDbError(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], ''))).toBe('unavailable');
  });

  it('calls deadlocks and serialization failures conflicts', () => {
    expect(classifyDbError(pgError('40P01', 'deadlock detected'))).toBe('conflict');
    expect(classifyDbError(pgError('40001', 'could not serialize access'))).toBe('conflict');
  });

  it('calls errors the same data repeats deterministic, and leaves races and the rest to retries', () => {
    expect(classifyDbError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toBe('deterministic');
    expect(classifyDbError(pgError('22P05', 'unsupported Unicode escape sequence'))).toBe('deterministic');
    expect(classifyDbError(pgError('23514', 'violates check constraint'))).toBe('deterministic');
    expect(classifyDbError(pgError('23502', 'null value in column'))).toBe('deterministic');
    expect(classifyDbError(pgError('23505', 'duplicate key value'))).toBe('other');
    expect(classifyDbError(new Error('something else'))).toBe('other');
    expect(classifyDbError('not an error')).toBe('other');
  });
});
