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

  it('reads a Redis Cluster from REDIS_CLUSTER_NODES, with a hash-tagged queue prefix', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001,[::1]:7002' });
    expect(c.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(c.queuePrefix).toBe('{newsline}');
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: '{nl}' }).queuePrefix).toBe('{nl}');
    expect(loadConfig({ QUEUE_PREFIX: '{nl}' }).queuePrefix).toBe('{nl}');
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
  });

  it('stops on a bad REDIS_CLUSTER_NODES or an untagged prefix on a cluster, naming the variable', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b' })).toThrow(/REDIS_CLUSTER_NODES="a:7000,b": "b" is not host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:70000' })).toThrow(/REDIS_CLUSTER_NODES=.*not host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: ' , ' })).toThrow(/REDIS_CLUSTER_NODES=.*no nodes/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:7000', QUEUE_PREFIX: 'nl' })).toThrow(/QUEUE_PREFIX="nl".*\{nl\}/);
    expect(() => loadConfig({ QUEUE_PREFIX: '{a:b}' })).toThrow(ConfigError);
  });
});
