import { sql, type RawBuilder } from 'kysely';
import type { Store } from './database';

/**
 * Bytes in and out of a BLOB column. Forge SQL carries parameters and answers as JSON, which has no bytes:
 * on MySQL and TiDB they travel base64 (`from_base64`/`to_base64`, which both have) and are stored as
 * bytes, so the 4/3 is paid on the wire, never on disk. SQLite's driver binds a Buffer directly.
 */
export function blobIn(target: Store, bytes: Buffer): Buffer | RawBuilder<Buffer> {
  return target.engine === 'sqlite' ? bytes : sql<Buffer>`from_base64(${bytes.toString('base64')})`;
}

export function blobOut(target: Store, column: string): RawBuilder<Buffer | string> {
  return target.engine === 'sqlite'
    ? sql<Buffer>`${sql.ref(column)}`
    : sql<string>`to_base64(${sql.ref(column)})`;
}

export function bytesOf(value: Buffer | string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
}
