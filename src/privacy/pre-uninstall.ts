import { kvs } from '@forge/kvs';
import { deleteSecret } from '../forward/secrets';
import { store, type Store } from '../store/database';
import { PSEUDONYM_KEY_SECRET } from './pseudonym-key';

/**
 * The sealing key's KVS secret (src/seal/installation-key.ts keeps the name private; the pre-uninstall
 * test checks that this one is removed after sealing created it).
 */
const SEAL_KEY_SECRET = 'seal-installation-key';

export interface UninstallCleanup {
  /** How many destination credentials were removed. */
  readonly destinationSecrets: number;
  readonly keys: number;
  readonly errors: readonly string[];
}

/**
 * The `preUninstall` handler (55 s, no user, not blocking the uninstall): removes every secret the app
 * keeps in KVS, so none outlives the installation in Forge's 28-day retention of hosted data:
 * - each SIEM destination's credential (`destination:<id>`, ids read from SQL);
 * - the sealing key and the pseudonym key. Without them the field digests and pseudonyms of the
 *   retained rows can no longer be opened or linked back to anyone; the flip side is that a support
 *   re-link of this data to a reinstall keeps verifying the chain's structure but reports its personal
 *   fields as unverifiable (`key_missing`).
 * Each removal is tried on its own; a failure is logged and the rest go on.
 */
export async function preUninstall(target: Store = store()): Promise<UninstallCleanup> {
  const errors: string[] = [];
  let destinationSecrets = 0;
  try {
    const destinations = await target.db.selectFrom('destination').select('id').execute();
    for (const { id } of destinations) {
      try {
        await deleteSecret(id);
        destinationSecrets += 1;
      } catch (error) {
        errors.push(`destination ${id}: ${String(error)}`);
      }
    }
  } catch (error) {
    // No destination table yet (the schema never ran) means no destination secrets either.
    errors.push(`listing destinations: ${error instanceof Error ? error.message : String(error)}`);
  }
  let keys = 0;
  for (const key of [SEAL_KEY_SECRET, PSEUDONYM_KEY_SECRET]) {
    try {
      await kvs.deleteSecret(key);
      keys += 1;
    } catch (error) {
      errors.push(`${key}: ${String(error)}`);
    }
  }
  for (const e of errors) console.warn(`preUninstall: ${e}`);
  console.info(`preUninstall: removed ${destinationSecrets} destination credentials and ${keys} keys`);
  return { destinationSecrets, keys, errors };
}
