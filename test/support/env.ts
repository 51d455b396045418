/** Where the tests find the machine's services (override with TEST_DATABASE_URL / REDIS_URL). */
export const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const u = new URL(baseDatabaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export const adminUrl = databaseUrl('postgres');
