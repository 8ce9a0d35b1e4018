import { sql, type Kysely, type RawBuilder } from 'kysely';
import { lifecycleLimits } from '../limits';
import { readSealState } from '../seal/seal-state';
import { archivedRowsBySeq } from '../archive/archive-scan';
import { archivedThrough } from '../archive/block-store';
import type { AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import type { Database } from '../store/tables';
import { insertedValue, upsert as upsertStatement } from '../store/upsert';
import { dayOf } from './day';
import { contributionsOf, type Contributions, type RollupRow } from './rollup';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where the rollups stand, kept in the daily job's state: every sealed row up to `throughSeq` is counted.
 * `pendingSeq` is set while a batch is being written; a run that stops part-way redoes the same batch,
 * and the rows' own `through_seq` keep it from counting anything twice.
 */
export interface RollupCheckpoint {
  readonly throughSeq: number;
  readonly pendingSeq?: number;
  readonly lastRunMs?: number;
}

export interface RollupRun {
  readonly checkpoint: RollupCheckpoint;
  readonly rows: number;
  /** Stopped at the deadline with sealed rows left to count. */
  readonly more: boolean;
}

/** Sealed rows read per batch, and rollup rows written per INSERT (well under 1 MiB per request). */
export const ROLLUP_BATCH_ROWS = 2000;
export const ROLLUP_WRITE_ROWS = 200;

/**
 * Counts every sealed row not counted yet into the daily rollups, in seq order (so each row exactly once:
 * seqs are gap-free and never reused), batch by batch until the published head or the deadline, saving
 * the checkpoint after each batch. Also registers the accounts seen for personal-data reporting.
 */
export async function runRollups(
  target: Store,
  start: RollupCheckpoint,
  options: {
    readonly nowMs: number;
    readonly deadlineMs: number;
    readonly save: (checkpoint: RollupCheckpoint) => Promise<void>;
    readonly batchRows?: number;
  },
): Promise<RollupRun> {
  const batchRows = options.batchRows ?? ROLLUP_BATCH_ROWS;
  const head = (await readSealState(target))?.head.seq ?? 0;
  const minDay = dayOf(options.nowMs - lifecycleLimits.rollupKeepDays * DAY_MS);
  let checkpoint: RollupCheckpoint = { ...start };
  let counted = 0;
  for (;;) {
    const after = checkpoint.throughSeq;
    // A batch left pending by a run that stopped is redone exactly: same rows, same end.
    const end = checkpoint.pendingSeq;
    // (Replaying, read the whole pending range even if this run's batch size is smaller.)
    const rows = await readBatch(target, after, end ?? head, end === undefined ? batchRows : end - after);
    if (rows.length === 0) {
      if (end !== undefined) checkpoint = { throughSeq: end, lastRunMs: options.nowMs };
      break;
    }
    const batchEnd = end ?? rows[rows.length - 1]!.seq;
    if (end === undefined) {
      checkpoint = { ...checkpoint, pendingSeq: batchEnd };
      await options.save(checkpoint);
    }
    await writeContributions(target, contributionsOf(rows, minDay), after, batchEnd);
    counted += rows.length;
    checkpoint = { throughSeq: batchEnd, lastRunMs: options.nowMs };
    await options.save(checkpoint);
    // Saved just now: the same checkpoint again below would be a second write of the same row.
    if (batchEnd >= head) return { checkpoint, rows: counted, more: false };
    if (Date.now() >= options.deadlineMs) return { checkpoint, rows: counted, more: true };
  }
  checkpoint = { throughSeq: checkpoint.throughSeq, lastRunMs: options.nowMs };
  await options.save(checkpoint);
  return { checkpoint, rows: counted, more: false };
}

/** Sealed records after `after`, from the archive's blocks first and then the live table (store/… both tiers). */
async function readBatch(target: Store, after: number, through: number, limit: number): Promise<RollupRow[]> {
  if (through <= after) return [];
  const archived = await archivedThrough(target);
  const fromBlocks =
    archived > after ? await archivedRowsBySeq(target, after, Math.min(through, archived), limit) : [];
  const rest =
    fromBlocks.length >= limit
      ? []
      : await readLiveBatch(target, Math.max(after, archived), through, limit - fromBlocks.length);
  return [...fromBlocks.map(rollupRowOf), ...rest];
}

async function readLiveBatch(
  target: Store,
  after: number,
  through: number,
  limit: number,
): Promise<RollupRow[]> {
  if (through <= after) return [];
  const rows = await target.db
    .selectFrom('audit_event')
    .select([...ROLLUP_COLUMNS])
    .where('seq', '>', after)
    .where('seq', '<=', through)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(rollupRowOf);
}

/** The columns the rollups count by; an archived record's row holds them too. */
const ROLLUP_COLUMNS = [
  'seq',
  'time_ms',
  'received_ms',
  'product',
  'action',
  'actor_id',
  'actor_type',
  'container_type',
  'container_id',
  'container_key',
  'container_name',
  'object_type',
  'object_id',
  'source_event',
] as const satisfies readonly (keyof AuditEventRow)[];

type RollupColumns = Pick<AuditEventRow, (typeof ROLLUP_COLUMNS)[number]>;

function rollupRowOf(r: RollupColumns): RollupRow {
  return {
    seq: Number(r.seq),
    timeMs: Number(r.time_ms),
    receivedMs: Number(r.received_ms),
    product: r.product,
    action: r.action,
    actorId: r.actor_id,
    actorType: r.actor_type,
    containerType: r.container_type,
    containerId: r.container_id,
    containerKey: r.container_key,
    containerName: r.container_name,
    objectType: r.object_type,
    objectId: r.object_id,
    sourceEvent: r.source_event,
  };
}

/**
 * Adds a batch's counts. Each rollup row remembers the seq its count includes up to (`through_seq`);
 * a count is added only where that is at most `after` (the batch's start), so writing the same batch
 * twice adds it once. `events` (and the other counts) are assigned before `through_seq`, which they
 * read: MySQL sees a column's new value in the assignments after the one that set it (src/store/upsert.ts).
 */
async function writeContributions(
  target: Store,
  c: Contributions,
  after: number,
  batchEnd: number,
): Promise<void> {
  const { db, engine } = target;
  const incoming = (column: string) => insertedValue<number>(engine, column);
  const fresh = sql<boolean>`${sql.ref('through_seq')} <= ${after}`;
  const addEvents = sql<number>`CASE WHEN ${fresh} THEN ${sql.ref('events')} + ${incoming('events')} ELSE ${sql.ref('events')} END`;
  const moveThrough = sql<number>`CASE WHEN ${fresh} THEN ${incoming('through_seq')} ELSE ${sql.ref('through_seq')} END`;

  await upsert(
    db,
    engine,
    'insight_day',
    ['day', 'product'],
    [...c.days.values()],
    (d) => ({
      day: d.day,
      product: d.product,
      events: d.events,
      captured: d.captured,
      through_seq: batchEnd,
    }),
    {
      events: addEvents,
      captured: sql<number>`CASE WHEN ${fresh} THEN ${sql.ref('captured')} + ${incoming('captured')} ELSE ${sql.ref('captured')} END`,
      through_seq: moveThrough,
    },
  );
  await upsert(
    db,
    engine,
    'insight_actor_day',
    ['day', 'product', 'actor_id'],
    [...c.actors.values()],
    (a) => ({
      day: a.day,
      product: a.product,
      actor_id: a.actorId,
      events: a.events,
      through_seq: batchEnd,
    }),
    { events: addEvents, through_seq: moveThrough },
  );
  await upsert(
    db,
    engine,
    'insight_action_day',
    ['day', 'product', 'action'],
    [...c.actions.values()],
    (a) => ({
      day: a.day,
      product: a.product,
      action: a.action,
      events: a.events,
      through_seq: batchEnd,
    }),
    { events: addEvents, through_seq: moveThrough },
  );
  await upsert(
    db,
    engine,
    'insight_container_day',
    ['day', 'product', 'container_type', 'container_id'],
    [...c.containers.values()],
    (x) => ({
      day: x.day,
      product: x.product,
      container_type: x.containerType,
      container_id: x.containerId,
      container_key: x.containerKey,
      container_name: x.containerName,
      events: x.events,
      through_seq: batchEnd,
    }),
    {
      events: addEvents,
      container_key: sql`COALESCE(${incoming('container_key')}, ${sql.ref('container_key')})`,
      container_name: sql`COALESCE(${incoming('container_name')}, ${sql.ref('container_name')})`,
      through_seq: moveThrough,
    },
  );
  await registerAccounts(target, c.accounts);
}

/**
 * Notes the accounts a batch mentions in personal_account (src/privacy reports them every cycle),
 * keeping for each the latest time the app stored data about it.
 */
export async function registerAccounts(target: Store, accounts: ReadonlyMap<string, number>): Promise<void> {
  const { db, engine } = target;
  const incoming = insertedValue<number>(engine, 'updated_ms');
  await upsert(
    db,
    engine,
    'personal_account',
    ['account_id'],
    [...accounts],
    ([accountId, atMs]) => ({
      account_id: accountId,
      updated_ms: atMs,
      reported_ms: null,
    }),
    {
      updated_ms: sql<number>`CASE WHEN ${sql.ref('updated_ms')} < ${incoming} THEN ${incoming} ELSE ${sql.ref('updated_ms')} END`,
    },
  );
}

type Table = keyof Database;

/** Multi-row upsert, `ROLLUP_WRITE_ROWS` rows per statement. */
async function upsert<T extends Table, I>(
  db: Kysely<Database>,
  engine: Store['engine'],
  table: T,
  key: readonly string[],
  items: readonly I[],
  toValues: (item: I) => Record<string, unknown>,
  update: Record<string, RawBuilder<unknown>>,
): Promise<void> {
  for (let i = 0; i < items.length; i += ROLLUP_WRITE_ROWS) {
    const values = items.slice(i, i + ROLLUP_WRITE_ROWS).map(toValues);
    // Kysely's per-table insert types are too narrow for one generic helper; the values match the table.
    const insert = db.insertInto(table).values(values as never);
    await upsertStatement(engine, insert, key as never, update as never).execute();
  }
}
