import { toAtlassianOrgEvent } from './atlassian-org';
import { toEcs } from './ecs';
import { toNative } from './native';
import { toOcsf } from './ocsf';
import type { Document, FormatContext, OutgoingRecord } from './outgoing-record';

export type { Document, FormatContext, OutgoingRecord } from './outgoing-record';

/** The formats a destination can send (a destination's `format`). */
export const FORMAT_NAMES = ['native', 'ocsf', 'ecs', 'atlassian'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

const FORMATTERS: Readonly<Record<FormatName, (r: OutgoingRecord, c: FormatContext) => Document>> = {
  native: (record) => toNative(record),
  ocsf: toOcsf,
  ecs: toEcs,
  atlassian: toAtlassianOrgEvent,
};

/** Record → one JSON document in the chosen format. Pure; never throws for a well-formed record. */
export function formatRecord(
  format: FormatName,
  record: OutgoingRecord,
  context: FormatContext = {},
): Document {
  return FORMATTERS[format](record, context);
}
