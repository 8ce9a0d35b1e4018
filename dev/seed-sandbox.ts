import { syntheticEvents } from './seed/synthetic-activity';
import type { Sandbox } from './sandbox';

/**
 * SANDBOX_SEED: delivers that many synthetic events (the last 90 days of a busy site) through the app's
 * real trigger handler, exactly like events arriving from Forge. View events among them are stored only
 * if an admin has turned views on, as in production.
 */
export async function seedSyntheticActivity(
  sandbox: Sandbox,
  count: number,
): Promise<Record<string, number>> {
  const summary: Record<string, number> = {};
  const started = Date.now();
  let delivered = 0;
  for (const event of syntheticEvents(sandbox.site, { count })) {
    const { status } = await sandbox.host.deliverEvent(event);
    summary[String(status)] = (summary[String(status)] ?? 0) + 1;
    delivered += 1;
    if (delivered % 10_000 === 0) console.log(`  seeding: ${delivered}/${count} events delivered`);
  }
  const parts = Object.entries(summary).map(([status, n]) => `${n} ${status}`);
  console.log(
    `Seeded ${count} synthetic events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${parts.join(', ')}`,
  );
  return summary;
}
