import { migrationRunner } from '@forge/sql';
import { sql } from 'kysely';
import type { Store } from './database';
import { createIndexStatements, forgeSqlStatement, migrations } from './migrations';

/**
 * Applies pending migrations and returns the names it ran. Only the `schema` trigger calls this: DDL
 * anywhere else would repeat in every cold container that meets a fresh installation, against Forge
 * SQL's 25 DDL requests a minute.
 *
 * On Forge SQL this is Forge's own `migrationRunner` (it records each step in `__migrations` per
 * installation): one DDL request per migration, plus two of its own (it creates `__migrations` and lists
 * it through the DDL endpoint), and one INSERT per migration. SQLite has no such runner, so the same
 * bookkeeping is done here on the same table, each migration in a transaction with its record.
 */
export async function runMigrations(target: Store): Promise<readonly string[]> {
  if (target.engine === 'forge-sql') {
    // Every migration recorded already: nothing to run, and the runner's own two DDL requests are not
    // spent (a fresh install's 20-odd leave little of the minute's 25 for the runs that follow it).
    if (await allRecorded(target)) return [];
    for (const m of migrations) migrationRunner.enqueue(m.name, forgeSqlStatement(target.db, m));
    return migrationRunner.run();
  }
  const { db } = target;
  await db.schema
    .createTable('__migrations')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('migratedAt', 'timestamp', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  const done = new Set((await db.selectFrom('__migrations').select('name').execute()).map((r) => r.name));
  const ran: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    await db.transaction().execute(async (tx) => {
      for (const statement of [m.create(tx).compile(), ...createIndexStatements(tx, m)])
        await tx.executeQuery(statement);
      await tx.insertInto('__migrations').values({ name: m.name }).execute();
    });
    ran.push(m.name);
  }
  return ran;
}

/** Whether `__migrations` lists every migration; false when it cannot be read (a fresh database). */
async function allRecorded(target: Store): Promise<boolean> {
  try {
    const rows = await target.db.selectFrom('__migrations').select('name').execute();
    const done = new Set(rows.map((r) => r.name));
    return migrations.every((m) => done.has(m.name));
  } catch {
    return false;
  }
}
