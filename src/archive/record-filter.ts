import { TEXT_COLUMNS, type ResolvedFilter } from '../query/resolved-filter';
import type { AuditEventRow } from '../store/audit-event-row';
import type { BlockColumns } from './block-codec';

/**
 * The filter as a test on one decoded row: what src/activity/compile-filter.ts asks of SQL, for records a
 * block holds. The two must agree; the archive's property tests compare them on the same records.
 * Text is compared lower-cased in full Unicode, as MySQL's lower() does (and the sandbox's SQLite's).
 */
export function rowMatches(row: AuditEventRow, filter: ResolvedFilter): boolean {
  const time = Number(row.time_ms);
  if (filter.from !== undefined && time < filter.from) return false;
  if (filter.to !== undefined && time > filter.to) return false;
  if (filter.actors !== undefined && (row.actor_id === null || !filter.actors.includes(row.actor_id)))
    return false;
  if (filter.products !== undefined && !(filter.products as readonly string[]).includes(row.product))
    return false;
  if (
    filter.containers !== undefined &&
    (row.container_id === null || !filter.containers.includes(row.container_id))
  )
    return false;
  if (filter.objects !== undefined && (row.trail_id === null || !filter.objects.includes(row.trail_id)))
    return false;
  if (filter.actions !== undefined && !actionMatches(row.action, filter.actions)) return false;
  if (filter.text !== undefined && filter.text !== '') {
    const text = filter.text.toLowerCase();
    const named = row.actor_id !== null && (filter.textActors ?? []).includes(row.actor_id);
    if (!named && !TEXT_COLUMNS.some((column) => (row[column] ?? '').toLowerCase().includes(text)))
      return false;
  }
  if (filter.issueScope !== undefined) {
    const { issueIds, confluence } = filter.issueScope;
    if (!(confluence && row.product === 'confluence')) {
      if (row.product !== 'jira') return false;
      const onIssue =
        row.parent_type === 'issue' || (row.parent_type === null && row.object_type === 'issue');
      if (!onIssue) return false;
      if (issueIds !== undefined && (row.trail_id === null || !issueIds.includes(row.trail_id))) return false;
    }
  }
  return true;
}

function actionMatches(action: string, actions: readonly string[]): boolean {
  return actions.some((a) => (a.endsWith('*') ? action.startsWith(a.slice(0, -1)) : action === a));
}

/**
 * The cheap part of `rowMatches`, on a decoded block's columns before the record is built: times and the
 * pinned ids. True when the record may match; `rowMatches` then decides.
 */
export function columnsMayMatch(block: BlockColumns, i: number, filter: ResolvedFilter): boolean {
  const time = block.value('time_ms', i) as number | null;
  if (time === null) return false;
  if (filter.from !== undefined && time < filter.from) return false;
  if (filter.to !== undefined && time > filter.to) return false;
  const pinned = (values: readonly string[] | undefined, value: string | number | null) =>
    values === undefined || (value !== null && values.includes(value as string));
  if (!pinned(filter.actors, block.value('actor_id', i))) return false;
  if (!pinned(filter.containers, block.value('container_id', i))) return false;
  if (!pinned(filter.products, block.value('product', i))) return false;
  if (!pinned(filter.objects, block.value('parent_id', i) ?? block.value('object_id', i))) return false;
  return filter.actions === undefined || actionMatches(String(block.value('action', i)), filter.actions);
}
