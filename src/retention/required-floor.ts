import type { Store } from '../store/database';

/** The destination marked required that has received the least, and up to which seq. */
export interface RequiredFloor {
  readonly seq: number;
  readonly destinationId: string;
  readonly destinationName: string;
}

/**
 * The lowest delivery cursor among destinations marked required: retention deletes
 * nothing above it. A required destination without a delivery state yet (saved a moment ago) counts as
 * having received nothing; a stopped or disabled one keeps holding records back until the admin fixes
 * it, un-marks it or deletes it. Null when no destination is required.
 *
 * (src/forward/retention-floor.ts answers the same question for forwarding with an inner join; this one
 * also names the destination, for the storage page, and does not let a missing state row free anything.)
 */
export async function requiredFloor(target: Store): Promise<RequiredFloor | null> {
  const rows = await target.db
    .selectFrom('destination')
    .leftJoin('destination_state', 'destination_state.destination_id', 'destination.id')
    .select(['destination.id', 'destination.name', 'destination_state.cursor_seq'])
    .where('destination.is_required', '=', 1)
    .execute();
  let floor: RequiredFloor | null = null;
  for (const row of rows) {
    const seq = row.cursor_seq === null || row.cursor_seq === undefined ? 0 : Number(row.cursor_seq);
    if (floor === null || seq < floor.seq) {
      floor = { seq, destinationId: row.id, destinationName: row.name };
    }
  }
  return floor;
}
