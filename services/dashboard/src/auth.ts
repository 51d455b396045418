import { timingSafeEqual } from 'node:crypto';

export class DashboardConfigError extends Error {
  override name = 'DashboardConfigError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The dashboard can retry, remove and add jobs: on anything but loopback it must have
 * credentials. Throws a DashboardConfigError naming the variables otherwise.
 */
export function checkExposure(host: string, user: string | undefined, password: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!user || !password) {
    throw new DashboardConfigError(
      `refusing to serve the dashboard on DASHBOARD_HOST=${host} without credentials: set DASHBOARD_USER and DASHBOARD_PASSWORD (or bind to 127.0.0.1)`,
    );
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when an Authorization header carries these Basic credentials. */
export function basicAuthMatches(header: string | undefined, user: string, password: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Evaluate both comparisons so timing does not reveal which part was wrong.
  const u = same(decoded.slice(0, colon), user);
  const p = same(decoded.slice(colon + 1), password);
  return u && p;
}
