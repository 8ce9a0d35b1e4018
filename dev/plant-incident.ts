import { massDeletion } from './seed/planted-incidents';
import { buildSite } from './site/site-model';

/**
 * Prints a planted mass deletion for the sandbox's site as one JSON array, ready for `POST /api/events`:
 * `npx tsx dev/plant-incident.ts | curl -s -X POST localhost:8787/api/events --data-binary @-`.
 * The site is the sandbox's default one (the same seed), so the issues and the person exist there.
 */
const count = Number(process.argv[2] ?? 25);
process.stdout.write(JSON.stringify(massDeletion(buildSite(), { count })));
