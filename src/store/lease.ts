import { sql } from 'kysely';
import { changedRows } from './affected-rows';
import type { Store } from './database';

/**
 * The tables that keep leases, and the columns each keeps one in: the key that names the lease, who holds
 * it, and when it lapses (epoch ms). A destination's lease sits on its delivery-state row.
 */
const COLUMNS = {
  seal_state: { key: 'name', holder: 'owner', expires: 'expires_ms' },
  job_state: { key: 'name', holder: 'owner', expires: 'expires_ms' },
  destination_state: { key: 'destination_id', holder: 'lease_owner', expires: 'lease_until_ms' },
} as const;

type LeaseTable = keyof typeof COLUMNS;

/** One lease: the row of `table` whose key is `name`. */
export interface Lease {
  readonly table: LeaseTable;
  readonly name: string;
  /**
   * Makes the row on first use, leaving an existing row as it is. Absent when the row is made with what
   * it belongs to (a destination's, when the destination is saved): no row then means no lease.
   */
  readonly createRow?: () => Promise<void>;
}

type LeaseAnswer =
  | { readonly acquired: true; readonly expiresMs: number }
  /** `heldUntilMs`: when the current holder's lease lapses if it is not released; absent when there is no row. */
  | { readonly acquired: false; readonly heldUntilMs?: number };

/**
 * Takes the lease for `holder` for `ttlMs` from `nowMs`, if it is free, its holder's time ran out, or
 * `holder` already has it (then it is renewed). One conditional UPDATE: the database decides between
 * racing invocations (Forge may start a scheduled trigger twice, and there are no transactions), and the
 * affected-row count says who won. A holder that dies without releasing frees the lease after `ttlMs`.
 */
export async function acquireLease(
  target: Store,
  lease: Lease,
  holder: string,
  nowMs: number,
  ttlMs: number,
): Promise<LeaseAnswer> {
  const columns = COLUMNS[lease.table];
  const expiresMs = nowMs + ttlMs;
  const take = async (): Promise<boolean> => {
    const result = await target.db
      .updateTable(lease.table)
      // Kysely cannot type a column chosen at run time; COLUMNS names only columns these tables have.
      .set({ [columns.holder]: holder, [columns.expires]: expiresMs } as never)
      .where(sql.ref(columns.key), '=', lease.name)
      .where((eb) =>
        eb.or([
          eb(sql.ref(columns.holder), 'is', null),
          eb(sql.ref(columns.expires), '<', nowMs),
          eb(sql.ref(columns.holder), '=', holder),
        ]),
      )
      .executeTakeFirst();
    return changedRows(result) > 0;
  };
  if (await take()) return { acquired: true, expiresMs };
  let row = await readLease(target, lease);
  if (!row && lease.createRow) {
    await lease.createRow();
    if (await take()) return { acquired: true, expiresMs };
    row = await readLease(target, lease);
  }
  if (!row) return { acquired: false };
  // MySQL and TiDB count the rows an UPDATE changed, not those it matched: a holder renewing to the
  // same instant changes nothing, yet holds the lease.
  if (row.holder === holder && row.expiresMs === expiresMs) return { acquired: true, expiresMs };
  return { acquired: false, heldUntilMs: row.expiresMs };
}

/** Gives the lease back, if `holder` still holds it; anyone else's release changes nothing. */
export async function releaseLease(target: Store, lease: Lease, holder: string): Promise<void> {
  const columns = COLUMNS[lease.table];
  await target.db
    .updateTable(lease.table)
    .set({ [columns.holder]: null, [columns.expires]: 0 } as never)
    .where(sql.ref(columns.key), '=', lease.name)
    .where(sql.ref(columns.holder), '=', holder)
    .execute();
}

async function readLease(
  target: Store,
  lease: Lease,
): Promise<{ readonly holder: string | null; readonly expiresMs: number } | undefined> {
  const columns = COLUMNS[lease.table];
  const row = await target.db
    .selectFrom(lease.table)
    .select([
      sql<string | null>`${sql.ref(columns.holder)}`.as('holder'),
      sql<number | string>`${sql.ref(columns.expires)}`.as('expires'),
    ])
    .where(sql.ref(columns.key), '=', lease.name)
    .executeTakeFirst();
  return row ? { holder: row.holder, expiresMs: Number(row.expires) } : undefined;
}
