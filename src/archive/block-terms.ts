import { createHash } from 'node:crypto';
import { ACCOUNT_VALUE_ACTIONS } from '../record/account-values';
import type { BlockRecord } from './block-codec';

/**
 * What the term index (`archive_term`) knows of a block: each value a filter can pin, named by its
 * dimension. A filter's candidate blocks are those listed under its terms; a block absent from every
 * list of a term it would need cannot hold a match, so it is never decompressed.
 *
 * - `p:` product, `x:` action, `xo:` an action's object (`issue.` for `issue.*` filters)
 * - `a:` actor, `c:` container, `t:` trail (an issue or page: the `objects` filter)
 * - `u:` an account a record names besides its actor (a user object, a mention): where pseudonymising
 *   a closed account must look
 */
export function recordTerms(record: BlockRecord): string[] {
  const terms = [`p:${record.product}`, `x:${record.action}`];
  const dot = (record.action ?? '').indexOf('.');
  if (dot > 0) terms.push(`xo:${(record.action ?? '').slice(0, dot + 1)}`);
  if (record.actor_id !== null) terms.push(`a:${record.actor_id}`);
  if (record.container_id !== null) terms.push(`c:${record.container_id}`);
  const trail = record.parent_id ?? record.object_id;
  if (trail !== null) terms.push(`t:${trail}`);
  if (record.object_type === 'user' && record.object_id !== null) terms.push(`u:${record.object_id}`);
  if ((ACCOUNT_VALUE_ACTIONS as readonly string[]).includes(record.action ?? '') && record.changes !== null) {
    for (const value of changeValues(record.changes)) terms.push(`u:${value}`);
  }
  return terms;
}

/** The account ids in a record's change values: a mention's value lists them, comma-separated. */
function changeValues(changes: string): string[] {
  try {
    const parsed = JSON.parse(changes) as { from?: unknown; to?: unknown }[];
    return parsed
      .flatMap((c) => [c.from, c.to])
      .filter((v): v is string => typeof v === 'string')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  } catch {
    return [];
  }
}

/**
 * A term as the index stores it: the first 48 bits of its SHA-256, a number JavaScript holds exactly and
 * a BIGINT key stores in 8 bytes. Two terms sharing a key only make a block a candidate it need not be:
 * every record read is still checked against the whole filter.
 */
export function termKey(term: string): number {
  return createHash('sha256').update(term, 'utf8').digest().readUIntBE(0, 6);
}

/** Every distinct term key of a block's records. */
export function blockTermKeys(records: readonly (BlockRecord | undefined)[]): number[] {
  const keys = new Set<number>();
  for (const record of records) if (record) for (const term of recordTerms(record)) keys.add(termKey(term));
  return [...keys].sort((a, b) => a - b);
}
