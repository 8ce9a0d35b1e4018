import type { UpdateResult } from 'kysely';

/*
 * What an UPDATE's row count means differs by engine. SQLite counts every row the WHERE matched.
 * MySQL, TiDB and MariaDB count the rows whose values changed, unless the client sets the FOUND_ROWS
 * flag, and then they too count the rows matched; Forge does not document which its SQL service
 * reports. So the app reads the count only through these two questions, whose answers agree on every
 * engine. (A DELETE counts the rows deleted everywhere.)
 */

/**
 * The rows an UPDATE changed, for a statement whose SET changes every row its WHERE matches: it sets a
 * column the WHERE requires to hold another value, or moves one that only moves forward. For such a
 * statement rows changed are rows matched, whichever way the engine counts.
 */
export function changedRows(result: UpdateResult): number {
  return Number(result.numUpdatedRows);
}

/**
 * Whether an UPDATE found its row, for a statement whose SET may leave the row as it was (the same values
 * written again within the millisecond). Such a row counts 0 on MySQL without FOUND_ROWS, so a count of
 * 0 is not an answer: `confirm` reads the row and decides.
 */
export async function updateFoundRow(
  result: UpdateResult,
  confirm: () => Promise<boolean>,
): Promise<boolean> {
  return changedRows(result) > 0 || confirm();
}
