import { actionMeaning, summarize } from './action-meaning';
import { compact, type Document, type FormatContext, type OutgoingRecord } from './outgoing-record';

/**
 * The shape of Atlassian's organization audit log (`GET /admin/v1/orgs/{orgId}/events`, one `data[]`
 * item), so a parser built for Atlassian's own log (Elastic's `atlassian_cloud` integration, a Splunk or
 * Sentinel connector) reads Audit Trail's records too:
 *
 * - `attributes.action` is `<product>_<object>_<verb>` in Atlassian's snake case (`jira_issue_updated`);
 * - the object, its parent and the project or space are `context[]` items, as Atlassian lists the space of
 *   a space-permission change; changed fields are the object's `changedValues`, as the product audit APIs
 *   name them;
 * - the site is the `container[]` item (`type: "sites"`) when the cloud id is known;
 * - `actor.id` is the account id (`unknown` or `anonymous` where the product named none); the org log's
 *   name and email are not known to a Forge app and are left out rather than invented. There is no
 *   `location`: Forge events carry no IP.
 */
export function toAtlassianOrgEvent(record: OutgoingRecord, context: FormatContext = {}): Document {
  const { object, verb } = actionMeaning(record);
  const action =
    object === 'unknown' ? `${record.product}_unknown_event` : `${record.product}_${object}_${verb}`;
  const contextItems: Document[] = [];
  if (record.object) {
    contextItems.push({
      id: record.object.id,
      type: record.object.type,
      attributes: compact({
        key: record.object.key,
        name: record.object.title,
        changedValues:
          record.changes.length > 0
            ? record.changes.map((c) => ({ fieldName: c.field, changedFrom: c.from, changedTo: c.to }))
            : undefined,
      }),
    });
    const parent = record.object.parent;
    if (parent) {
      contextItems.push({
        id: parent.id,
        type: parent.type,
        attributes: compact({ key: parent.key, name: parent.title }),
      });
    }
  }
  if (record.container) {
    contextItems.push({
      id: record.container.id,
      type: record.container.type,
      attributes: compact({ key: record.container.key, name: record.container.name }),
    });
  }
  return {
    type: 'events',
    id: record.id,
    attributes: {
      time: record.time,
      processedAt: record.receivedAt,
      action,
      // Atlassian's events always name an actor; where the product named none, say so plainly.
      actor: { id: record.actor.accountId ?? (record.actor.type === 'anonymous' ? 'anonymous' : 'unknown') },
      context: contextItems,
      container: context.cloudId ? [{ id: context.cloudId, type: 'sites', attributes: {} }] : [],
    },
    message: { content: summarize(record), format: 'simple' },
  };
}
