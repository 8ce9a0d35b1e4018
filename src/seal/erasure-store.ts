import { createHash, type KeyObject } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import { firstCheckpoint, readCheckpoint, storeCheckpoint, type CheckpointBody } from './checkpoint';
import { coveredPaths, signErasure, type SignedErasure } from './erasure';
import { addToTally, NO_ERASURES, type ErasureTally } from './erasure-tally';
import { SEAL_LOCK_TTL_MS } from './seal-pending';
import { extendSealLock, readSealState } from './seal-state';
import { publicKeyText, signingKey } from './signing-key';

/**
 * Signs and stores an entry for each record about to have fields erased, and signs a checkpoint whose
 * erasure tally counts the new ones. `owner` must hold the seal lock (the checkpoint has one writer at a
 * time); the lock is extended, and if it was lost nothing is written. Called before the rows change, so
 * a run that stops between the two leaves an entry for a value still there (harmless), never an erased
 * value without one. An entry for the same record and paths is stored, and counted, once.
 */
export async function recordErasures(
  target: Store,
  owner: string,
  erasures: readonly { readonly recordId: string; readonly paths: readonly string[] }[],
): Promise<void> {
  if (erasures.length === 0) return;
  if (!(await extendSealLock(target, owner, SEAL_LOCK_TTL_MS)))
    throw new Error('seal: the seal lock was lost; no erasure entry was written');
  const key = await signingKey();
  let signed: CheckpointBody =
    (await readCheckpoint(key)) ?? firstCheckpoint((await readSealState(target))?.head.seq ?? 0);
  if (await erasuresInFlight()) signed = await countLeftovers(target, key, signed);
  const byId = new Map(
    erasures.map(({ recordId, paths }) => [erasureId(recordId, paths), { recordId, paths }]),
  );
  const existing = await target.db
    .selectFrom('seal_erasure')
    .select('id')
    .where('id', 'in', [...byId.keys()])
    .execute();
  for (const { id } of existing) byId.delete(id);
  if (byId.size === 0) return;
  await kvs.set(IN_FLIGHT_KEY, new Date().toISOString());
  const written: { id: string; signature: string }[] = [];
  for (const [id, { recordId, paths }] of byId) {
    const entry = signErasure(key, recordId, paths);
    const insert = target.db
      .insertInto('seal_erasure')
      .values({ id, record_id: recordId, entry: JSON.stringify(entry) });
    await ignoreDuplicates(target.engine, insert, 'id').execute();
    written.push({ id, signature: entry.signature });
  }
  await storeCheckpoint(target, key, { ...signed, erasures: addToTally(signed.erasures, written) });
  await kvs.delete(IN_FLIGHT_KEY);
}

/**
 * Set in KVS (which SQL access does not reach) while entries are written that the signed checkpoint does
 * not count yet. A run that stops between its inserts and its checkpoint leaves it set, and genuine
 * entries beyond the tally: chain.verify then accepts more entries than the tally counts, all signed by
 * the app (no one else can sign one), instead of raising a false alarm; the next erasure counts them.
 * Fewer entries than the tally, or one the app did not sign, stays tampering whatever the marker says.
 */
const IN_FLIGHT_KEY = 'seal-erasures-in-flight';

export async function erasuresInFlight(): Promise<boolean> {
  return (await kvs.get<string>(IN_FLIGHT_KEY)) !== undefined;
}

/**
 * After a stopped run: the checkpoint re-signed with every stored entry counted, when they are all the
 * app's own and at least as many as it counted (the stopped run's entries are extra, never missing).
 * Otherwise it is left as it is, for chain.verify to report.
 */
async function countLeftovers(
  target: Store,
  key: KeyObject,
  signed: CheckpointBody,
): Promise<CheckpointBody> {
  const stored = await tallyStoredErasures(target, publicKeyText(key));
  const settled =
    'tally' in stored && stored.tally.count >= signed.erasures.count
      ? await storeCheckpoint(target, key, { ...signed, erasures: stored.tally })
      : signed;
  await kvs.delete(IN_FLIGHT_KEY);
  return settled;
}

/** The row id of an entry: the same record and paths give the same id, whatever the order of the paths. */
function erasureId(recordId: string, paths: readonly string[]): string {
  return createHash('sha256')
    .update(`${recordId}\u0000${[...paths].sort().join('\u0000')}`)
    .digest('hex')
    .slice(0, 32);
}

/** The stored entries of these records, by record id. */
export async function readErasures(
  target: Store,
  recordIds: readonly string[],
): Promise<Map<string, SignedErasure[]>> {
  const byRecord = new Map<string, SignedErasure[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = await target.db
    .selectFrom('seal_erasure')
    .select(['record_id', 'entry'])
    .where('record_id', 'in', [...recordIds])
    .execute();
  for (const row of rows) {
    try {
      const entry = JSON.parse(row.entry) as SignedErasure;
      byRecord.set(row.record_id, [...(byRecord.get(row.record_id) ?? []), entry]);
    } catch {
      // A damaged entry covers nothing: the erased value it was for is then reported.
    }
  }
  return byRecord;
}

/** Entries read per SELECT when tallying: a few hundred bytes each, well inside one SQL answer. */
const TALLY_PAGE = 2_000;

/**
 * Every stored entry, tallied as checkpoints count them, checking each one's signature on the way: the
 * tally, or the first entry that is not the app's own (not JSON, not signed by `publicKey`, or stored
 * under another record or id than it names).
 */
export async function tallyStoredErasures(
  target: Store,
  publicKey: string,
): Promise<{ tally: ErasureTally } | { forged: { id: string; recordId: string } }> {
  let tally = NO_ERASURES;
  let after = '';
  for (;;) {
    const rows = await target.db
      .selectFrom('seal_erasure')
      .select(['id', 'record_id', 'entry'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(TALLY_PAGE)
      .execute();
    for (const row of rows) {
      const entry = parseEntry(row.entry);
      const genuine =
        entry !== undefined &&
        entry.recordId === row.record_id &&
        Array.isArray(entry.paths) &&
        erasureId(row.record_id, entry.paths) === row.id &&
        entry.paths.length > 0 &&
        coveredPaths([entry], row.record_id, publicKey).size === new Set(entry.paths).size;
      if (!genuine) return { forged: { id: row.id, recordId: row.record_id } };
      tally = addToTally(tally, [{ id: row.id, signature: entry.signature }]);
    }
    if (rows.length < TALLY_PAGE) return { tally };
    after = rows[rows.length - 1]!.id;
  }
}

function parseEntry(text: string): SignedErasure | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as SignedErasure) : undefined;
  } catch {
    return undefined;
  }
}
