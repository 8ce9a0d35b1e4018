import type { ActivityFilterInput, ExportFormat } from '@contract';
import { dayOf } from '../time/zoned-time';

export const EXPORT_FORMATS: readonly {
  readonly value: ExportFormat;
  readonly label: string;
  readonly description: string;
}[] = [
  { value: 'csv', label: 'CSV', description: 'One row per record, for spreadsheets.' },
  {
    value: 'ndjson',
    label: 'NDJSON',
    description: 'One JSON record per line, for scripts and SIEM imports.',
  },
  { value: 'json', label: 'JSON', description: 'One JSON array of records.' },
  {
    value: 'parquet',
    label: 'Parquet',
    description:
      'The whole sealed log (the filters do not apply), for DuckDB, Spark, Athena or pandas. A long log comes as several files, part-0001.parquet onwards: data-lake tools read a folder of parts as one dataset. Needs admin rights in both products.',
  },
];

/**
 * The names of a Parquet export's files: the export's own name for a single file, else
 * `part-0001.parquet` onwards, the names data-lake tools expect of one dataset's parts.
 */
export function parquetPartNames(single: string, parts: number): string[] {
  if (parts === 1) return [single];
  return Array.from({ length: parts }, (_, i) => `part-${String(i + 1).padStart(4, '0')}.parquet`);
}

/** The downloaded file's type, per format. */
export const MIME: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv;charset=utf-8',
  ndjson: 'application/x-ndjson;charset=utf-8',
  json: 'application/json;charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * `audit-trail-<site>-<from>-<to>.<ext>`: the site's own name (`acme` for acme.atlassian.net) and the
 * range's first and last day in the user's time zone, so files from several sites and months sort and
 * never overwrite each other. An open start reads `start`.
 */
export function exportFileName(
  siteUrl: string,
  filter: ActivityFilterInput,
  format: ExportFormat,
  timeZone: string,
  now = Date.now(),
): string {
  let site = 'site';
  try {
    const host = new URL(siteUrl).hostname;
    site = (host.endsWith('.atlassian.net') ? host.slice(0, -'.atlassian.net'.length) : host) || site;
  } catch {
    // No site URL in the context: the generic name.
  }
  site =
    site
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'site';
  const day = (value: string | number | undefined, fallback: string) => {
    if (value === undefined) return fallback;
    const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(ms) ? dayOf(ms, timeZone) : fallback;
  };
  return `audit-trail-${site}-${day(filter.from, 'start')}-${day(filter.to, dayOf(now, timeZone))}.${format}`;
}
