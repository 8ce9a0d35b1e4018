import { actionMeaning, productName, summarize, type ActionMeaning } from './action-meaning';
import { compact, type Document, type FormatContext, type OutgoingRecord } from './outgoing-record';

/**
 * Elastic Common Schema documents, for Elasticsearch / Elastic Security (and any SIEM that reads ECS).
 * Field names and types follow ECS 9.3 as Elastic's own Atlassian integration emits them
 * (fixtures/org-audit/*.expected.json); what ECS has no field for lives under `audit_trail.*`.
 *
 * Categorisation (ECS allows only certain `event.type` values per `event.category`):
 * user accounts → `iam` + `user`; groups → `iam` + `group`; product setup → `configuration`;
 * views, searches and exports of content → `web` + `access`; the rest of the work → `api`.
 */
export const ECS_VERSION = '9.3.0';

const TYPE_OF: Readonly<Record<ActionMeaning['operation'], string>> = {
  create: 'creation',
  update: 'change',
  delete: 'deletion',
  read: 'access',
  search: 'access',
  export: 'access',
  other: 'info',
};

export function ecsCategorization(meaning: ActionMeaning): { category: string[]; type: string[] } {
  const type = TYPE_OF[meaning.operation];
  switch (meaning.domain) {
    case 'account':
      return { category: ['iam'], type: ['user', type === 'access' ? 'info' : type] };
    case 'group':
      return { category: ['iam'], type: ['group', type === 'access' ? 'info' : type] };
    case 'configuration':
      return { category: ['configuration'], type: [type] };
    default:
      return type === 'access'
        ? { category: ['web'], type: ['access'] }
        : { category: ['api'], type: [type] };
  }
}

export function toEcs(record: OutgoingRecord, context: FormatContext = {}): Document {
  const meaning = actionMeaning(record);
  const { accountId, type: actorType } = record.actor;
  const targetUser = meaning.domain === 'account' ? record.object?.id : undefined;
  const related = [accountId, targetUser].filter((id): id is string => typeof id === 'string');
  return compact({
    '@timestamp': record.time,
    ecs: { version: ECS_VERSION },
    event: compact({
      id: record.id,
      kind: 'event',
      ...ecsCategorization(meaning),
      action: record.action,
      outcome: 'success',
      created: record.receivedAt,
      provider: record.product,
      dataset: 'audit_trail.activity',
      module: 'audit_trail',
      sequence: record.seq,
      hash: record.hash,
      code: record.source.event,
    }),
    message: summarize(record),
    user:
      accountId && actorType !== 'app'
        ? compact({ id: accountId, ...(targetUser ? { target: { id: targetUser } } : {}) })
        : targetUser
          ? { target: { id: targetUser } }
          : undefined,
    related: related.length > 0 ? { user: [...new Set(related)] } : undefined,
    observer: { vendor: 'Atlassian', product: productName(record), type: 'saas' },
    cloud: context.cloudId ? { account: { id: context.cloudId } } : undefined,
    service: compact({ name: 'Audit Trail', version: context.appVersion }),
    tags: ['audit_trail'],
    audit_trail: compact({
      seq: record.seq,
      hash: record.hash,
      prev_hash: record.prevHash,
      product: record.product,
      actor: record.actor,
      container: record.container ?? undefined,
      object: record.object ?? undefined,
      changes: record.changes.length > 0 ? record.changes : undefined,
    }),
  });
}
