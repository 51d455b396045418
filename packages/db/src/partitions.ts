import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The tables partitioned by month of the article's ingest time (migration 2026-12-07T20-monthly-partitions). */
export const MONTHLY_PARTITIONED = ['articles', 'claims', 'event_mentions'] as const;

/** Months created ahead of the current one, so that no row waits for its month. */
export const MONTHS_AHEAD = 3;

/** An advisory-lock key of its own: one process at a time adds partitions. */
const PARTITION_LOCK = 0x4e4c5041;

export interface PartitionReport {
  /** Partitions created by this call, e.g. `articles_2027_01`. */
  created: string[];
  /**
   * Months that could not be created because the default partition already holds rows of them
   * (no process created them in time): those rows stay readable in the default partition; move
   * them by hand (see docs/SCALING.md) before the month can get its own partition.
   */
  blocked: string[];
}

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

export function partitionName(table: string, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Creates the monthly partitions of every partitioned table from `from`'s month (default: now)
 * through `ahead` months after the current one, where missing. Cheap when nothing is missing
 * (one catalog query); safe to call from every process at once (an advisory lock, IF NOT EXISTS).
 */
export async function ensureMonthPartitions(db: Kysely<Database>, opts: { from?: Date; ahead?: number; now?: Date } = {}): Promise<PartitionReport> {
  const now = opts.now ?? new Date();
  const from = opts.from ?? now;
  const ahead = opts.ahead ?? MONTHS_AHEAD;
  const months: Date[] = [];
  const last = monthStart(now.getUTCFullYear(), now.getUTCMonth() + ahead);
  for (let m = monthStart(from.getUTCFullYear(), from.getUTCMonth()); m <= last; m = monthStart(m.getUTCFullYear(), m.getUTCMonth() + 1)) months.push(m);

  const wanted = MONTHLY_PARTITIONED.flatMap((table) => months.map((month) => ({ table, month, name: partitionName(table, month) })));
  const existing = new Set(
    (
      await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_class p on p.oid = i.inhparent where p.relname = any(${[...MONTHLY_PARTITIONED]}::text[])`.execute(db)
    ).rows.map((r) => r.name),
  );
  const missing = wanted.filter((w) => !existing.has(w.name));
  const report: PartitionReport = { created: [], blocked: [] };
  for (const w of missing) {
    const end = monthStart(w.month.getUTCFullYear(), w.month.getUTCMonth() + 1);
    try {
      await db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${PARTITION_LOCK}::bigint)`.execute(tx);
        await sql`create table if not exists ${sql.table(w.name)} partition of ${sql.table(w.table)}
          for values from (${sql.lit(w.month.toISOString())}) to (${sql.lit(end.toISOString())})`.execute(tx);
      });
      report.created.push(w.name);
    } catch (err) {
      // 23514: the default partition holds rows of this month.
      if ((err as { code?: string }).code === '23514') report.blocked.push(w.name);
      else throw err;
    }
  }
  return report;
}

/** Rows in each table's default partition (rows of a month that had no partition when stored; should be 0). */
export async function defaultPartitionRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of MONTHLY_PARTITIONED) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${t}_default`)}`.execute(db);
    out[t] = r.rows[0]?.n ?? 0;
  }
  return out;
}
