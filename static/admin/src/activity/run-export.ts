import type { ActivityFilterInput, ExportFormat } from '@contract';
import { exportChunk, type ApiError } from '../api';
import { MIME } from './export-file-name';

export interface ExportProgress {
  readonly rows: number;
  /** From the first chunk; undefined until then, or if the server does not say. */
  readonly estimatedRows?: number;
}

export type ExportOutcome =
  /** One Blob for a text format; for Parquet one per part, each a complete file. */
  | { readonly status: 'done'; readonly blobs: readonly Blob[]; readonly rows: number }
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
  const parts: (string | Uint8Array<ArrayBuffer>)[] = [];
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
    // A Parquet chunk is a whole file in base64; an empty one (an empty log) is no file.
    if (chunk.encoding === 'base64') {
      if (chunk.chunk) parts.push(fromBase64(chunk.chunk));
    } else parts.push(chunk.chunk);
    rows += chunk.rows;
    if (estimatedRows === undefined && typeof chunk.estimatedRows === 'number')
      estimatedRows = chunk.estimatedRows;
    onProgress({ rows, ...(estimatedRows !== undefined ? { estimatedRows } : {}) });
    cursor = chunk.nextCursor;
  } while (cursor);
  const blobs =
    format === 'parquet'
      ? parts.map((part) => new Blob([part], { type: MIME[format] }))
      : [new Blob(parts, { type: MIME[format] })];
  return { status: 'done', blobs, rows };
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
