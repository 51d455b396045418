import { describe, expect, it } from 'vitest';
import { basicAuthMatches, checkExposure, DashboardConfigError } from './auth.js';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('dashboard exposure', () => {
  it('needs no credentials on loopback', () => {
    expect(() => checkExposure('127.0.0.1', undefined, undefined)).not.toThrow();
    expect(() => checkExposure('::1', undefined, undefined)).not.toThrow();
  });
  it('refuses other addresses without credentials, naming the variables', () => {
    expect(() => checkExposure('0.0.0.0', undefined, undefined)).toThrow(DashboardConfigError);
    expect(() => checkExposure('0.0.0.0', 'u', undefined)).toThrow(/DASHBOARD_USER and DASHBOARD_PASSWORD/);
    expect(() => checkExposure('0.0.0.0', 'u', 'p')).not.toThrow();
  });
  it('matches Basic credentials exactly', () => {
    expect(basicAuthMatches(basic('admin', 's3:cret'), 'admin', 's3:cret')).toBe(true);
    expect(basicAuthMatches(basic('admin', 'wrong'), 'admin', 's3:cret')).toBe(false);
    expect(basicAuthMatches(basic('admi', 's3:cret'), 'admin', 's3:cret')).toBe(false);
    expect(basicAuthMatches(undefined, 'admin', 'x')).toBe(false);
    expect(basicAuthMatches('Bearer abc', 'admin', 'x')).toBe(false);
  });
});
