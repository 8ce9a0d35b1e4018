import { sql } from 'kysely';
import type { Store } from './database';

/**
 * The bytes the database takes, where the engine can say so exactly; `undefined` where it cannot, and
 * the caller must estimate.
 *
 * SQLite: the file's pages in use (`page_count` less `freelist_count`, times `page_size`), so rows
 * deleted stop counting as soon as their pages are free.
 *
 * Forge SQL has no size an app can rely on: its quota is counted by the platform, TiDB's
 * `information_schema.TABLES` sizes come from statistics that may be stale or absent, and MariaDB's
 * InnoDB sizes do not shrink after a DELETE until the table is rebuilt (a budget enforced on them would
 * delete ever more).
 */
export async function exactDatabaseBytes(target: Store): Promise<number | undefined> {
  if (target.engine !== 'sqlite') return undefined;
  const pragma = async (name: 'page_count' | 'freelist_count' | 'page_size') => {
    const result = await sql<Record<string, unknown>>`${sql.raw(`PRAGMA ${name}`)}`.execute(target.db);
    return Number(Object.values(result.rows[0] ?? {})[0] ?? 0);
  };
  const pages = (await pragma('page_count')) - (await pragma('freelist_count'));
  return pages * (await pragma('page_size'));
}

/**
 * Bytes each table takes with its indexes, where the engine can say so exactly (SQLite's `dbstat`: the
 * pages of every b-tree, an index's counted with its table); `undefined` where it cannot.
 */
export async function exactTableBytes(target: Store): Promise<ReadonlyMap<string, number> | undefined> {
  if (target.engine !== 'sqlite') return undefined;
  const result = await sql<{ table: string; bytes: number }>`
    select m.tbl_name as "table", sum(s.pgsize) as bytes
    from dbstat s join sqlite_master m on m.name = s.name
    group by m.tbl_name`.execute(target.db);
  return new Map(result.rows.map((row) => [String(row.table), Number(row.bytes)]));
}
