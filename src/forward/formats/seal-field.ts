import type { SealHeader } from '../../seal/seal-header-type';
import type { FormatName } from './format-name';
import type { Document } from './outgoing-record';

/**
 * The first event each delivery run sends to a destination carries the seal header — the public key,
 * its fingerprint and the checkpoint signed before the run — so a SIEM's copy of the log can be checked
 * with the key alone (`npm run verify` reads native events as they are, taking the newest header among
 * them).
 *
 * A field on an event rather than a header line or one extra event per batch: delivery splits a batch
 * the receiver finds too large, re-sends parts of it by item index (bulk APIs) and moves its cursor by the
 * records delivered; an extra item would be counted, re-sent alone or lost in a split, and every receiver
 * would need to be told to ignore it. The batch builders measure each encoded event, the field included,
 * so the per-destination byte limits still hold. On the first event of a run rather than on every one:
 * the header is the same for the whole run, and about 450 bytes on each event cost Splunk and Sentinel
 * more requests per 1,000 events than their batch limits leave room for; a run that fails is sent again
 * from its first record, header and all. Where it goes is each format's own place for what the schema
 * does not define: ECS `audit_trail.*` (Elastic's custom-field namespace), OCSF `unmapped`, JSON:API
 * `meta` in the Atlassian format, and beside the seal proof in the native one.
 */
export function withSealHeader(format: FormatName, document: Document, seal: SealHeader): Document {
  switch (format) {
    case 'native':
      return { ...document, sealHeader: seal };
    case 'ecs':
      return { ...document, audit_trail: { ...(document.audit_trail as object), seal } };
    case 'ocsf':
      return { ...document, unmapped: { ...(document.unmapped as object), seal } };
    case 'atlassian':
      return { ...document, meta: { auditTrailSeal: seal } };
  }
}
