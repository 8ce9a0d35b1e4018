import { syntheticEvents } from './seed/synthetic-activity';
import type { Sandbox } from './sandbox';

/**
 * SANDBOX_SEED: delivers that many synthetic events (the last 90 days of a busy site) through the app's
 * real trigger handler, exactly like events arriving from Forge. View events among them are stored only
 * if an admin has turned views on, as in production. Each event is also written into the fake site's
 * history, which its REST APIs then serve (what a backfill reads); with `deliver: false`
 * (SANDBOX_SEED_DELIVER=false) only there, so the sandbox starts with history and an empty log.
 */
export async function seedSyntheticActivity(
  sandbox: Sandbox,
  count: number,
  options: { readonly deliver?: boolean; readonly seed?: number; readonly end?: Date } = {},
): Promise<Record<string, number>> {
  const summary: Record<string, number> = {};
  const started = Date.now();
  const deliver = options.deliver ?? true;
  let delivered = 0;
  const activity = syntheticEvents(sandbox.site, {
    count,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.end === undefined ? {} : { end: options.end }),
  });
  for (const event of activity) {
    sandbox.history.record(event);
    const status = deliver ? (await sandbox.host.deliverEvent(event)).status : 'history only';
    summary[String(status)] = (summary[String(status)] ?? 0) + 1;
    delivered += 1;
    if (delivered % 10_000 === 0) console.log(`  seeding: ${delivered}/${count} events delivered`);
  }
  sandbox.serveHistory();
  const parts = Object.entries(summary).map(([status, n]) => `${n} ${status}`);
  console.log(
    `Seeded ${count} synthetic events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${parts.join(', ')}`,
  );
  return summary;
}
