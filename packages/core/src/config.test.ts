import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has local defaults', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.queuePrefix).toBe('newsline');
    expect(c.dashboard).toEqual({ host: '127.0.0.1', port: 3000, user: undefined, password: undefined });
  });

  it('names every bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ REDIS_URL: 'not a url', DASHBOARD_PORT: '99999', QUEUE_PREFIX: 'a:b' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('REDIS_URL="not a url"');
    expect(msg).toContain('DASHBOARD_PORT="99999"');
    expect(msg).toContain('QUEUE_PREFIX="a:b"');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('wants both dashboard credentials or neither', () => {
    expect(() => loadConfig({ DASHBOARD_USER: 'admin' })).toThrow(/DASHBOARD_USER and DASHBOARD_PASSWORD/);
    expect(loadConfig({ DASHBOARD_USER: 'a', DASHBOARD_PASSWORD: 'b' }).dashboard.user).toBe('a');
  });
});
