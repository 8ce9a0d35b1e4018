import { accountIdsIn, objectWords, type AuditRecord, type Change } from '@contract';
import { queryActivity } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { useParentDetails, withParentDetails } from './parent-details';
import { usePerson } from './people';
import { containerLabel } from './record-display';

/**
 * What the drawer adds to a record so it answers "to what?": people named in changed values, the issue
 * or page a comment, worklog or attachment is on (from the log's other records when the event named only
 * its id), the other record of a change Jira reports twice, and, where the event says nothing more, a
 * sentence saying so instead of a dash.
 */

/** A changed value: people by name (the account id on hover), anything else as stored. */
export function ChangeValue({ field, value }: { readonly field: string; readonly value: string | null }) {
  const ids = accountIdsIn(field, value);
  if (ids === undefined) return <>{valueText(value)}</>;
  return (
    <>
      {ids.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <PersonName accountId={id} />
        </span>
      ))}
    </>
  );
}

function PersonName({ accountId }: { readonly accountId: string }) {
  const person = usePerson(accountId);
  return <span title={accountId}>{person?.displayName ?? accountId}</span>;
}

/** A changed value as stored; null is a side the event gave no value for (or content not stored). */
export function valueText(value: string | null): string {
  return value === null ? '(none)' : value === '' ? '(empty)' : value;
}

/** Why a record has no changes, in the words of what its event does and does not say. */
export function noChangesNote(record: AuditRecord): string {
  const verb = record.action.slice(record.action.indexOf('.') + 1);
  const object = record.action.slice(0, record.action.indexOf('.'));
  if (verb === 'permissions_updated') {
    return (
      `Confluence's event says only that the permissions of this ${object} changed, not which ` +
      'permission or for whom. Where Confluence logged the change in its own audit log, the audit import ' +
      '(Storage tab) records the permission and the grantee as a record of its own at the same time.'
    );
  }
  if (verb === 'viewed') return 'A view changes nothing.';
  return `The event for this record names no changed fields (${record.source.event}).`;
}

/**
 * The issue or page the record's object is on. The event of a worklog or attachment may name only the
 * issue's id; the log's records of the issue itself usually name its key, title and project, so the
 * drawer shows those, and says where it took them from (the same lookup as the log's rows).
 */
export function ParentContext({ record }: { readonly record: AuditRecord }) {
  const parent = record.object?.parent;
  const lookup = useParentDetails(record);
  if (parent === undefined) return null;
  const type = objectWords(parent.type);
  if (lookup === undefined) {
    return (
      <p className="record-context">
        On {type} {[parent.key, parent.title].filter(Boolean).join(' ')}
        {record.container ? ` in ${containerLabel(record.container)}` : ''}.
      </p>
    );
  }
  if (lookup.state === 'pending') return <p className="record-context muted">Looking for the {type}…</p>;
  if (lookup.state === 'unnamed') {
    return (
      <p className="record-context">
        The event names only {type} {parent.id}; no other record in the log names its key or{' '}
        {record.product === 'jira' ? 'project' : 'space'}.
      </p>
    );
  }
  const filled = withParentDetails(record, lookup.details);
  const shown = filled.object?.parent ?? parent;
  return (
    <p className="record-context">
      On {type} {[shown.key ?? parent.id, shown.title].filter(Boolean).join(' ')}
      {filled.container ? ` in ${containerLabel(filled.container)}` : ''}{' '}
      <span className="muted">
        (the event names only the {type}&apos;s id; the rest is from its other records)
      </span>
    </p>
  );
}

const SAME_CHANGE_MS = 2000;

/** A Jira issue record that is half of a reassignment: `issue.assigned`, or an update changing the assignee. */
function isReassignment(record: AuditRecord): boolean {
  return (
    record.product === 'jira' &&
    (record.action === 'issue.assigned' ||
      (record.action === 'issue.updated' && record.changes.some((c) => c.field.toLowerCase() === 'assignee')))
  );
}

/**
 * Jira reports one reassignment twice, as the update and as its assignment, a moment apart. The
 * drawer finds the other half (same issue, same person, within two seconds) and shows it as the same
 * change, so it does not read as two.
 */
export function SameChange({ record }: { readonly record: AuditRecord }) {
  const applies = isReassignment(record) && record.object !== null;
  const time = Date.parse(record.time);
  const other = record.action === 'issue.assigned' ? 'issue.updated' : 'issue.assigned';
  const found = useResolver(
    () =>
      queryActivity({
        objects: [record.object?.id ?? ''],
        actions: [other],
        from: time - SAME_CHANGE_MS,
        to: time + SAME_CHANGE_MS,
        ...(record.actor.accountId ? { actors: [record.actor.accountId] } : {}),
        limit: 5,
      }),
    applies ? record.id : undefined,
  );
  if (!applies || found.state !== 'ready') return null;
  const twin = found.value.items.find((r) => r.id !== record.id && isReassignment(r));
  if (twin === undefined) return null;
  const assignee = [...record.changes, ...twin.changes].find((c) => c.field.toLowerCase() === 'assignee');
  return (
    <p className="record-context same-change" role="note">
      One reassignment: Jira reported it both as <code>{record.action}</code> and as{' '}
      <code>{twin.action}</code> (record {twin.id}), by the same person at the same time.
      {assignee && <AssigneeChange change={assignee} />}
    </p>
  );
}

function AssigneeChange({ change }: { readonly change: Change }) {
  return (
    <>
      {' '}
      Assignee: <ChangeValue field={change.field} value={change.from} /> →{' '}
      <ChangeValue field={change.field} value={change.to} />.
    </>
  );
}
