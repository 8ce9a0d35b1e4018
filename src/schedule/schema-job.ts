import { storeRecord } from '../capture/capture-event';
import { replayParked, type ReplaySummary } from '../capture/parking';
import { store } from '../store/database';
import { runMigrations } from '../store/run-migrations';

/** Replay gets what is left of the minute a scheduled function has by default (55 s). */
const REPLAY_BUDGET_MS = 40_000;

/**
 * The `schema` scheduled trigger (hourly): applies pending migrations, then stores any events parked
 * while the database was failing or not there yet. It is the only code that runs DDL: Forge SQL allows
 * 25 DDL requests a minute per installation, and one runner spends what it needs once. Forge starts a
 * scheduled trigger about five minutes after it is created (FD:manifest-reference/modules/scheduled-trigger);
 * until then capture asks Forge to retry its events (and parks them after the last retry), resolvers
 * answer PREPARING and the other jobs skip their run. It is deliberately not also bound to the
 * `avi:forge:installed:app` event: that would save those few minutes, but two runners meeting an empty
 * database at once would spend twice the DDL, past 25, within the same minute. Scheduled triggers
 * are not retried by Forge, so a failure is logged and the next hour tries again.
 */
export async function schemaJob(): Promise<
  { readonly ran: readonly string[]; readonly parked: ReplaySummary } | { readonly error: string }
> {
  try {
    const target = store();
    const ran = await runMigrations(target);
    console.info(ran.length ? `schema: applied ${ran.join(', ')}` : 'schema: up to date');
    const parked = await replayParked(target, storeRecord, Date.now() + REPLAY_BUDGET_MS);
    if (parked.replayed || parked.failed) console.info(`schema: replayed ${parked.replayed} parked events`);
    return { ran, parked };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`schema: failed, will try again next hour: ${message}`);
    return { error: message };
  }
}
