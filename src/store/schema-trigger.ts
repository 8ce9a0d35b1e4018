import { store } from './database';
import { runMigrations } from './run-migrations';

/**
 * The `schema` scheduled trigger (hourly): applies pending migrations. Scheduled triggers are not
 * retried by Forge, so a failure is logged and the next hour tries again; capture meanwhile applies
 * them itself when it finds the schema missing.
 */
export async function schemaTrigger(): Promise<
  { readonly ran: readonly string[] } | { readonly error: string }
> {
  try {
    const ran = await runMigrations(store());
    console.info(ran.length ? `schema: applied ${ran.join(', ')}` : 'schema: up to date');
    return { ran };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`schema: migrations failed, will try again next hour: ${message}`);
    return { error: message };
  }
}
