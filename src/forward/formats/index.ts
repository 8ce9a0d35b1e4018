import { toAtlassianOrgEvent } from './atlassian-org';
import { toEcs } from './ecs';
import { toNative } from './native';
import { toOcsf } from './ocsf';
import type { Document, FormatContext, OutgoingRecord } from './outgoing-record';
import { withSealHeader } from './seal-field';

export type { Document, FormatContext, OutgoingRecord } from './outgoing-record';

import type { FormatName } from './format-name';
export { FORMAT_NAMES, type FormatName } from './format-name';

const FORMATTERS: Readonly<Record<FormatName, (r: OutgoingRecord, c: FormatContext) => Document>> = {
  native: (record) => toNative(record),
  ocsf: toOcsf,
  ecs: toEcs,
  atlassian: toAtlassianOrgEvent,
};

/**
 * Record → one JSON document in the chosen format, carrying the seal header when the context has one
 * and the record is sealed (seal-field.ts). Pure; never throws for a well-formed record.
 */
export function formatRecord(
  format: FormatName,
  record: OutgoingRecord,
  context: FormatContext = {},
): Document {
  const document = FORMATTERS[format](record, context);
  return context.seal && record.seq !== undefined ? withSealHeader(format, document, context.seal) : document;
}
