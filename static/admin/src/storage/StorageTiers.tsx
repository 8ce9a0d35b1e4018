import type { StorageStatus } from '@contract';
import { formatBytes } from './storage-format';

/**
 * Where the bytes are: live rows (records not yet packed), archive blocks (compressed), the archive's term
 * index, and every other table; records and bytes per record for each.
 */
export function StorageTiers({
  storage,
  number,
  locale,
}: {
  readonly storage: StorageStatus;
  readonly number: Intl.NumberFormat;
  readonly locale: string;
}) {
  const { live, archive, termIndex, other } = storage.tiers;
  const perRecord = (bytes: number, records: number) =>
    records > 0 ? `${number.format(Math.round(bytes / records))} bytes` : '–';
  const rows: readonly (readonly [string, number | null, number, string])[] = [
    ['Live rows', live.records, live.bytes, perRecord(live.bytes, live.rows)],
    ['Archive blocks', archive.records, archive.bytes, perRecord(archive.bytes, archive.records)],
    ['Archive term index', null, termIndex.bytes, perRecord(termIndex.bytes, archive.records)],
    ['Rollups, settings and the rest', null, other.bytes, perRecord(other.bytes, storage.rows)],
    ['All', storage.rows, storage.bytes, perRecord(storage.bytes, storage.rows)],
  ];
  return (
    <>
      <p className="muted">
        {archive.blocks > 0
          ? `${number.format(archive.blocks)} archive blocks; live rows are packed into them once sealed.`
          : 'No archive blocks yet: sealed records are packed into compressed blocks once a block fills or a day has passed.'}
      </p>
      <div className="insights-table-scroll" tabIndex={0} role="region" aria-label="Storage by tier">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Records</th>
              <th scope="col">Size</th>
              <th scope="col">Per record</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, records, bytes, per]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{records === null ? '' : number.format(records)}</td>
                <td>{formatBytes(bytes, locale)}</td>
                <td>{per}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
