import { canonicalJson, recordId } from '../../record/record-id';
import type { Obj } from './read';

/**
 * Keys Forge adds per delivery, not per event: a retry carries `retryContext`; `context` describes the
 * invocation (site, receiving module), not the event; and the others may differ between deliveries. They
 * must not change the id, or a re-delivery would be stored twice.
 */
const DELIVERY_KEYS: ReadonlySet<string> = new Set([
  'retryContext',
  'context',
  'contextToken',
  'webhookTraceValue',
]);

/** Deeper than this, a payload is junk; the rest is summarised by a marker (still deterministic). */
const MAX_DEPTH = 64;

/**
 * A JSON-safe copy for hashing, with JSON's own rules (undefined and functions dropped from objects and
 * nulled in arrays, non-finite numbers null), so a payload hashes the same before and after a JSON round
 * trip. Also: bounded depth (no stack overflow) and cycles cut.
 */
function hashable(value: unknown, depth: number, ancestors: Set<unknown>): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (ancestors.has(value)) return '[cycle]';
  ancestors.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.map((item) => hashable(item, depth + 1, ancestors) ?? null);
  } else {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      if (depth === 0 && DELIVERY_KEYS.has(key)) continue;
      const item = hashable((value as Obj)[key], depth + 1, ancestors);
      if (item !== undefined) out[key] = item;
    }
    copy = out;
  }
  ancestors.delete(value);
  return copy;
}

/**
 * The id of an event the app cannot identify by its parts: an unknown event, one whose payload names no
 * occurrence (no changelog id, no version it made…), or one with no event time (Jira Software board and
 * sprint payloads have none) or no object id. It hashes the whole payload minus the delivery-only keys,
 * so a re-delivery gets the same id and any real difference a new one.
 */
export function payloadId(eventType: string, payload: Obj): string {
  return recordId([eventType, 'payload', canonicalJson(hashable(payload, 0, new Set()))]);
}
