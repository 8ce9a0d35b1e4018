import type { FormatContext } from '../formats';
import type { Destination } from '../destinations/destination';
import { frame, type Driver, type Item } from '../destinations/driver';

/** Items that go in one request, with their encoded form (encoded once, reused if the batch is split). */
export interface Batch {
  readonly items: readonly Item[];
  readonly chunks: readonly string[];
}

/**
 * Cuts items, in order, into the fewest requests that respect the destination's limits (records per
 * request, bytes of uncompressed body). An item too large for any request still goes, alone: the
 * receiver's answer (413) then says so, and the admin sees it, rather than the record vanishing here.
 */
export function toBatches(
  driver: Driver,
  destination: Destination,
  context: FormatContext,
  items: readonly Item[],
): Batch[] {
  const { maxRecords, maxBytes } = driver.batching(destination);
  const fixed = Buffer.byteLength(driver.framing.prefix) + Buffer.byteLength(driver.framing.suffix);
  const separator = Buffer.byteLength(driver.framing.separator);
  const batches: Batch[] = [];
  let current: { items: Item[]; chunks: string[]; bytes: number } = { items: [], chunks: [], bytes: fixed };
  for (const item of items) {
    const chunk = driver.encode(item, destination, context);
    const size = Buffer.byteLength(chunk) + (current.items.length > 0 ? separator : 0);
    if (current.items.length > 0 && (current.items.length >= maxRecords || current.bytes + size > maxBytes)) {
      batches.push({ items: current.items, chunks: current.chunks });
      current = { items: [], chunks: [], bytes: fixed };
    }
    current.bytes += Buffer.byteLength(chunk) + (current.items.length > 0 ? separator : 0);
    current.items.push(item);
    current.chunks.push(chunk);
  }
  if (current.items.length > 0) batches.push({ items: current.items, chunks: current.chunks });
  return batches;
}

export function bodyOf(driver: Driver, batch: Batch): string {
  return frame(driver.framing, batch.chunks);
}
