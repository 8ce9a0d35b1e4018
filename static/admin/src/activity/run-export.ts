import type { ActivityFilterInput, ExportFormat } from '@contract';
import { exportChunk, type ApiError } from '../api';
import { MIME } from './export-file-name';

export interface ExportProgress {
  readonly rows: number;
  /** From the first chunk; undefined until then, or if the server does not say. */
  readonly estimatedRows?: number;
}

export type ExportOutcome =
  | { readonly status: 'done'; readonly blob: Blob; readonly rows: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly error: ApiError; readonly rows: number };

/** A busy database answers UNAVAILABLE: wait and ask for the same chunk again, this many times. */
const RETRIES = 4;

/**
 * Fetches the export chunk after chunk (each `invoke` answer must stay under Forge's 5 MB, so the
 * server pages it) into one Blob. No row cap: it runs until the server has no next cursor, or the
 * signal aborts.
 */
export async function runExport(
  filter: ActivityFilterInput,
  format: ExportFormat,
  signal: AbortSignal,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportOutcome> {
  const parts: string[] = [];
  let rows = 0;
  let estimatedRows: number | undefined;
  let cursor: string | undefined;
  do {
    let attempt = 0;
    let result = await exportChunk(filter, format, cursor);
    while (!result.ok && result.error.code === 'UNAVAILABLE' && attempt < RETRIES && !signal.aborted) {
      attempt += 1;
      await sleep(500 * 2 ** attempt);
      result = await exportChunk(filter, format, cursor);
    }
    if (signal.aborted) return { status: 'cancelled' };
    if (!result.ok) return { status: 'failed', error: result.error, rows };
    const chunk = result.value;
    parts.push(chunk.chunk);
    rows += chunk.rows;
    if (estimatedRows === undefined && typeof chunk.estimatedRows === 'number')
      estimatedRows = chunk.estimatedRows;
    onProgress({ rows, ...(estimatedRows !== undefined ? { estimatedRows } : {}) });
    cursor = chunk.nextCursor;
  } while (cursor);
  return { status: 'done', blob: new Blob(parts, { type: MIME[format] }), rows };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Saves a Blob as a file. The Custom UI iframe may start downloads only from a user gesture
 * (`allow-downloads`), so this is called from the Download button's click, not when the export ends.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the data by the time the click returns in every engine, but give it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
