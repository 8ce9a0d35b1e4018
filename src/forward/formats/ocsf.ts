import type { ActorType } from '../../record/audit-record';
import { actionMeaning, productName, summarize, type ActionMeaning } from './action-meaning';
import { compact, type Document, type FormatContext, type OutgoingRecord } from './outgoing-record';

/**
 * OCSF (Open Cybersecurity Schema Framework) events, for AWS Security Lake, Splunk's OCSF add-on and any
 * SIEM that normalises to OCSF. The class follows what the action is:
 *
 * - views, searches and exports: **Web Resources Activity** (6001), Read / Search / Export;
 * - user accounts created or deleted: **Account Change** (3001);
 * - product setup (projects, spaces, fields, versions, boards, groups…): **Entity Management** (3004);
 * - everything else (issues, pages, comments, worklogs…): **API Activity** (6003), Create / Update / Delete.
 *
 * A verb a class has no activity for is `99` (Other) with the verb as `activity_name`, as OCSF asks.
 * Forge events carry no client IP, so `src_endpoint` names the product service the action happened in:
 * it is the only source the app can state without guessing.
 */
export const OCSF_VERSION = '1.8.0';

interface OcsfClass {
  readonly class_uid: number;
  readonly class_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  /** Operation → [activity_id, activity_name]; absent operations are 99 Other. */
  readonly activities: Partial<Record<ActionMeaning['operation'], readonly [number, string]>>;
}

const APPLICATION = { category_uid: 6, category_name: 'Application Activity' } as const;
const IAM = { category_uid: 3, category_name: 'Identity & Access Management' } as const;

export const OCSF_CLASSES = {
  webResourcesActivity: {
    class_uid: 6001,
    class_name: 'Web Resources Activity',
    ...APPLICATION,
    activities: { read: [2, 'Read'], search: [5, 'Search'], export: [7, 'Export'] },
  },
  apiActivity: {
    class_uid: 6003,
    class_name: 'API Activity',
    ...APPLICATION,
    activities: { create: [1, 'Create'], read: [2, 'Read'], update: [3, 'Update'], delete: [4, 'Delete'] },
  },
  accountChange: {
    class_uid: 3001,
    class_name: 'Account Change',
    ...IAM,
    activities: { create: [1, 'Create'], delete: [6, 'Delete'] },
  },
  entityManagement: {
    class_uid: 3004,
    class_name: 'Entity Management',
    ...IAM,
    activities: { create: [1, 'Create'], read: [2, 'Read'], update: [3, 'Update'], delete: [4, 'Delete'] },
  },
} as const satisfies Record<string, OcsfClass>;

export function toOcsf(record: OutgoingRecord, context: FormatContext = {}): Document {
  const meaning = actionMeaning(record);
  const ocsfClass = classFor(record, meaning);
  const [activityId, activityName] = ocsfClass.activities[meaning.operation] ?? [99, titleCase(meaning.verb)];
  const service = productName(record);
  const base = {
    activity_id: activityId,
    activity_name: activityName,
    category_uid: ocsfClass.category_uid,
    category_name: ocsfClass.category_name,
    class_uid: ocsfClass.class_uid,
    class_name: ocsfClass.class_name,
    type_uid: ocsfClass.class_uid * 100 + activityId,
    type_name: `${ocsfClass.class_name}: ${activityName}`,
    severity_id: 1,
    severity: 'Informational',
    status_id: 1,
    status: 'Success',
    time: Date.parse(record.time),
    message: summarize(record),
    metadata: compact({
      uid: record.id,
      version: OCSF_VERSION,
      product: compact({ name: service, vendor_name: 'Atlassian' }),
      log_provider: context.appVersion ? `Audit Trail ${context.appVersion}` : 'Audit Trail',
      log_name: 'audit_trail',
      event_code: record.source.event,
      logged_time: Date.parse(record.receivedAt),
      sequence: record.seq,
      tenant_uid: context.cloudId,
      // The host profile is what lets every class carry `actor` (Web Resources Activity and Entity
      // Management take it from there); no `device` follows, as a Forge event names none.
      profiles: ['host'],
    }),
    actor: actorOf(record),
    src_endpoint: { svc_name: service },
    unmapped: compact({
      action: record.action,
      changes: record.changes.length > 0 ? record.changes : undefined,
      container: record.container ?? undefined,
      hash: record.hash,
      prev_hash: record.prevHash,
    }),
  };
  const object = record.object;
  switch (ocsfClass.class_uid) {
    case 6001:
      return { ...base, web_resources: webResources(record, meaning) };
    case 3001:
      return { ...base, user: { uid: object!.id } };
    case 3004:
      return { ...base, entity: managedEntity(object!) };
    default:
      return {
        ...base,
        api: { operation: record.action, service: { name: service } },
        resources: resources(record),
      };
  }
}

function classFor(record: OutgoingRecord, meaning: ActionMeaning): OcsfClass {
  if (meaning.operation === 'read' || meaning.operation === 'search' || meaning.operation === 'export') {
    return OCSF_CLASSES.webResourcesActivity;
  }
  // Account Change and Entity Management need the changed thing; without it, API Activity still fits.
  if (
    record.object &&
    meaning.domain === 'account' &&
    (meaning.operation === 'create' || meaning.operation === 'delete')
  ) {
    return OCSF_CLASSES.accountChange;
  }
  if (record.object && (meaning.domain === 'configuration' || meaning.domain === 'group')) {
    return OCSF_CLASSES.entityManagement;
  }
  return OCSF_CLASSES.apiActivity;
}

/** `actor` must name at least one of user, process, app…: every record gets one, even when unknown. */
function actorOf(record: OutgoingRecord): Document {
  const { accountId, type } = record.actor;
  if (type === 'app' && accountId) return { app_uid: accountId };
  if (accountId) return { user: { uid: accountId, ...USER_TYPES[type] } };
  // No account id: say so in the only way the user object allows, a name that is plainly not a person's.
  return { user: { name: type === 'anonymous' ? 'anonymous' : 'unknown', ...USER_TYPES[type] } };
}

const USER_TYPES: Readonly<Record<ActorType, { type_id: number; type: string }>> = {
  user: { type_id: 1, type: 'User' },
  app: { type_id: 4, type: 'Service' },
  anonymous: { type_id: 99, type: 'Anonymous' },
  unknown: { type_id: 0, type: 'Unknown' },
};

type Ref = { readonly type: string; readonly id: string; readonly key?: string; readonly title?: string };

/** A managed entity: its id, and its title (content stored) or else its key as the name. */
function named(ref: Ref): { uid: string; type: string; name?: string } {
  return compact({ uid: ref.id, type: ref.type, name: ref.title ?? ref.key });
}

/** A resource keeps the key too (`OPS-42`, a space key) as its alternative id. */
function resource(ref: Ref & { readonly name?: string }): Document {
  return compact({ uid: ref.id, uid_alt: ref.key, type: ref.type, name: ref.title ?? ref.name ?? ref.key });
}

function resources(record: OutgoingRecord): Document[] {
  const out: Document[] = [];
  if (record.object) out.push(resource(record.object));
  if (record.object?.parent) out.push(resource(record.object.parent));
  if (record.container) out.push(resource(record.container));
  return out;
}

/** Web Resources Activity needs at least one resource; a search has none, so the product's search is it. */
function webResources(record: OutgoingRecord, meaning: ActionMeaning): Document[] {
  const found = resources(record);
  return found.length > 0
    ? found
    : [{ type: meaning.object, name: `${productName(record)} ${meaning.object}` }];
}

function managedEntity(object: Ref): Document {
  if (object.type === 'group') {
    return {
      ...named(object),
      type_id: 3,
      type: 'Group',
      group: compact({ uid: object.id, name: object.title ?? object.key }),
    };
  }
  // Projects, spaces, fields…: managed_entity's type_id has no value for them, so `type` alone says what.
  return named(object);
}

function titleCase(identifier: string): string {
  const text = identifier.replace(/_/g, ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : 'Other';
}
