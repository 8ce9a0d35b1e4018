/**
 * Forge product-event payload → AuditRecord. Pure: no I/O, no clock (time comes from the payload or the
 * given arrival time), and it never throws: anything it cannot read becomes null/unknown in the record,
 * and only a payload with nothing recordable (not an object, no usable event type) is refused.
 */
import type { AuditRecord, Change, Product } from '../../record/audit-record';
import { fieldLengths } from '../../limits';
import { UNKNOWN_ACTOR, resolveActor } from './actor';
import {
  readConfluenceAttachment,
  readConfluenceComment,
  readConfluenceContent,
  readConfluenceCustomContent,
  readConfluenceTask,
} from './confluence-content';
import {
  readConfluenceGroup,
  readConfluenceLabel,
  readConfluenceRelation,
  readConfluenceSearch,
  readConfluenceSpace,
  readConfluenceUser,
} from './confluence-site';
import type { Family } from './event-types';
import { productOf, specFor } from './event-types';
import { payloadId } from './identity';
import { naturalRecordId } from '../../record/natural-id';
import { recordId } from '../../record/record-id';
import {
  readJiraComponent,
  readJiraConfiguration,
  readJiraField,
  readJiraFieldContext,
  readJiraFieldContextConfiguration,
  readJiraFilter,
  readJiraIssueType,
  readJiraProject,
  readJiraUser,
  readJiraVersion,
} from './jira-admin';
import { readJiraComment } from './jira-comment';
import { readJiraIssue } from './jira-issue';
import { readJiraBoard, readJiraSprint } from './jira-software';
import {
  readJiraAttachment,
  readJiraIssueLink,
  readJiraIssueProperty,
  readJiraWorklog,
} from './jira-work-items';
import type { Obj } from './read';
import { field, obj } from './read';
import type { EventInput, Extracted } from './record-parts';
import { limitChanges } from './record-parts';
import { cut } from './text';
import { parseEventTime, recordedTime, STATED_TIME_FIELD } from './time';

export { KNOWN_EVENT_TYPES } from './event-types';

export type NormalizeResult =
  { readonly ok: true; readonly record: AuditRecord } | { readonly ok: false; readonly reason: string };

const READERS: Readonly<Record<Family, (input: EventInput) => Extracted>> = {
  'jira-issue': readJiraIssue,
  'jira-comment': readJiraComment,
  'jira-worklog': readJiraWorklog,
  'jira-issuelink': readJiraIssueLink,
  'jira-attachment': readJiraAttachment,
  'jira-issue-property': readJiraIssueProperty,
  'jira-project': readJiraProject,
  'jira-user': readJiraUser,
  'jira-version': readJiraVersion,
  'jira-component': readJiraComponent,
  'jira-filter': readJiraFilter,
  'jira-issuetype': readJiraIssueType,
  'jira-field': readJiraField,
  'jira-field-context': readJiraFieldContext,
  'jira-field-context-configuration': readJiraFieldContextConfiguration,
  'jira-configuration': readJiraConfiguration,
  'jira-board': readJiraBoard,
  'jira-sprint': readJiraSprint,
  'confluence-content': readConfluenceContent,
  'confluence-comment': readConfluenceComment,
  'confluence-attachment': readConfluenceAttachment,
  'confluence-custom-content': readConfluenceCustomContent,
  'confluence-task': readConfluenceTask,
  'confluence-space': readConfluenceSpace,
  'confluence-label': readConfluenceLabel,
  'confluence-user': readConfluenceUser,
  'confluence-group': readConfluenceGroup,
  'confluence-relation': readConfluenceRelation,
  'confluence-search': readConfluenceSearch,
};

const refuse = (reason: string): NormalizeResult => ({ ok: false, reason });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}

export function normalizeEvent(payload: unknown, receivedAt: Date): NormalizeResult {
  const arrival = receivedAt instanceof Date && Number.isFinite(receivedAt.getTime()) ? receivedAt : null;
  if (arrival === null) return refuse('receivedAt is not a valid date');
  const event = obj(payload);
  if (event === null) return refuse(`payload is not an object (got ${describe(payload)})`);
  const eventType = field(event, 'eventType');
  if (eventType === undefined || eventType === null) return refuse('eventType missing');
  if (typeof eventType !== 'string') return refuse(`eventType is not a string (got ${describe(eventType)})`);
  if (eventType.trim() === '') return refuse('eventType is empty');
  const product = productOf(eventType);
  if (product === null) {
    return refuse(
      `eventType "${cut(eventType, fieldLengths.sourceEvent)}" is not a Jira or Confluence event (avi:jira:, ` +
        'avi:jira-software:, avi:confluence:): nothing recordable, no product to file it under',
    );
  }
  try {
    return { ok: true, record: build(event, eventType, product, arrival) };
  } catch {
    // A reader met a shape it did not expect in a way the safe readers did not absorb. Record the
    // event as not understood rather than lose it.
    try {
      return { ok: true, record: unknownRecord(event, eventType, product, arrival) };
    } catch (error) {
      return refuse(`payload could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The event's own time: Jira's root `timestamp`, Confluence's `eventCreatedDate` (either accepted for both). */
function eventTime(event: Obj, product: Product): Date | null {
  const [own, other] =
    product === 'jira' ? ['timestamp', 'eventCreatedDate'] : ['eventCreatedDate', 'timestamp'];
  return parseEventTime(field(event, own)) ?? parseEventTime(field(event, other));
}

function build(event: Obj, eventType: string, product: Product, arrival: Date): AuditRecord {
  const spec = specFor(eventType);
  if (spec === null) return unknownRecord(event, eventType, product, arrival);
  const extracted = READERS[spec.family]({ eventType, spec, payload: event });
  const time = eventTime(event, product);
  // Identified by its parts only when the payload names this occurrence (see `Extracted.occurrence`)
  // and has a time and an object; every other event by a digest of its whole payload.
  const action = cut(extracted.action ?? spec.action, fieldLengths.action);
  const occurrence = extracted.occurrence ?? [];
  const named = occurrence.length > 0 && occurrence.every((part) => part !== null);
  const natural = naturalKey(extracted.natural);
  const id =
    natural !== null && extracted.object !== null
      ? naturalRecordId(product, action, extracted.object, natural)
      : named && time !== null && extracted.object !== null
        ? recordId([
            eventType,
            extracted.object.type,
            extracted.object.id,
            time.getTime(),
            extracted.actor.accountId,
            ...occurrence,
          ])
        : payloadId(eventType, event);
  const recorded = recordedTime(time, arrival);
  return {
    id,
    time: recorded.time.toISOString(),
    receivedAt: arrival.toISOString(),
    product,
    action,
    actor: extracted.actor,
    container: extracted.container,
    object: extracted.object,
    changes: [...limitChanges(extracted.changes), ...statedTime(recorded)],
    source: { event: cut(eventType, fieldLengths.sourceEvent) },
  };
}

/** The natural key, when the payload names every part of it. */
function naturalKey(parts: Extracted['natural']): readonly (string | number)[] | null {
  if (parts === undefined) return null;
  const known = parts.filter((part): part is string | number => part !== null);
  return known.length === parts.length ? known : null;
}

/** The payload's own time, kept as a change when the record carries its arrival time instead. */
function statedTime(recorded: ReturnType<typeof recordedTime>): Change[] {
  return recorded.stated
    ? [{ field: STATED_TIME_FIELD, from: recorded.stated.toISOString(), to: recorded.time.toISOString() }]
    : [];
}

/**
 * An event of a known product that this app does not understand: still recorded, with what can be read
 * safely (actor id, time), so nothing is dropped. Its id hashes the payload (see `payloadId`).
 */
function unknownRecord(event: Obj, eventType: string, product: Product, arrival: Date): AuditRecord {
  let actor = UNKNOWN_ACTOR;
  try {
    actor = resolveActor(event);
  } catch {
    // keep unknown
  }
  const recorded = recordedTime(eventTime(event, product), arrival);
  return {
    id: payloadId(eventType, event),
    time: recorded.time.toISOString(),
    receivedAt: arrival.toISOString(),
    product,
    action: cut(`unknown.${eventType}`, fieldLengths.action),
    actor,
    container: null,
    object: null,
    changes: statedTime(recorded),
    source: { event: cut(eventType, fieldLengths.sourceEvent) },
  };
}
