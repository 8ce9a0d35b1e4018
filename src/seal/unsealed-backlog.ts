import type { Store } from '../store/database';

/**
 * Records stored but not sealed yet: every destination is waiting for them too (forwarding sends sealed
 * records only), so a destination's lag counts them. Both reads use the (seq, received_ms, id) index,
 * whose unsealed entries lead with NULL in received order.
 */
export interface UnsealedBacklog {
  /** How many, counted up to `cap` (then `cap`). */
  readonly count: number;
  /** When the oldest of them was stored (epoch ms); absent when there are none. */
  readonly oldestReceivedMs?: number;
}

/**
 * The most unsealed rows counted: the count reads one index entry per row, and past this many the
 * figure only says "far behind" (a full installation holds about a million rows; sealing clears 200 a
 * batch, so a backlog this size is already many runs of work).
 */
export const UNSEALED_COUNT_CAP = 100_000;

export async function unsealedBacklog(target: Store, cap = UNSEALED_COUNT_CAP): Promise<UnsealedBacklog> {
  const oldest = await target.db
    .selectFrom('audit_event')
    .select('received_ms')
    .where('seq', 'is', null)
    .orderBy('received_ms')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (oldest === undefined) return { count: 0 };
  const limited = target.db.selectFrom('audit_event').select('id').where('seq', 'is', null).limit(cap);
  const counted = await target.db
    .selectFrom(limited.as('unsealed'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return { count: Number(counted?.n ?? 0), oldestReceivedMs: Number(oldest.received_ms) };
}
