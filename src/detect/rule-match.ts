import type { AuditRecord } from '../record/audit-record';
import type { ActivityFilterInput } from '../query/activity-filter';
import type { Rule, RuleFilter, WorkingHours } from './rule';

/**
 * What a rule asks of one record, decided in memory with nothing but the record (and, for the watch
 * list, the members of its allowed groups, read once per batch): evaluation costs no SQL per record.
 */
export interface RuleMatch {
  /** Whether the record counts for the rule. */
  matches(record: AuditRecord): boolean;
  /** What the threshold counts: distinct objects for crawling, records otherwise. */
  countKey(record: AuditRecord & { readonly id: string }): string;
  /** The activity filter, besides the time range and the group, that selects the records it counts. */
  readonly filter: ActivityFilterInput;
}

/** The built-in detections' actions (the record's `<object>.<verb>`). */
export const DELETION_ACTIONS = [
  'issue.deleted',
  'page.trashed',
  'page.deleted',
  'blogpost.trashed',
  'blogpost.deleted',
  'comment.deleted',
  'attachment.deleted',
  'attachment.trashed',
] as const;
export const VIEW_ACTIONS = ['issue.viewed', 'page.viewed', 'blogpost.viewed'] as const;
export const CONTAINER_REMOVED_ACTIONS = [
  'project.deleted',
  'project.trashed',
  'project.archived',
  'space.deleted',
  'space.archived',
] as const;
const PERMISSION_ACTIONS = ['user.created', 'user.deleted', 'group.*', '*.permissions_updated'] as const;
/** Native audit-log summaries (imported as `config.<summary>`) about permissions, roles, users and groups. */
const PERMISSION_CONFIG = /^config\.[a-z0-9_]*(permission|role|user_created|user_deleted|group)[a-z0-9_]*$/;
const ADMIN_CONFIG_ACTIONS = [
  'config.*',
  'field.*',
  'field_context.*',
  'issuetype.*',
  'board.configuration_changed',
] as const;

export function ruleMatch(rule: Rule, allowed: ReadonlySet<string> = new Set()): RuleMatch {
  const byRecord = { countKey: (r: { id: string }) => r.id };
  switch (rule.kind) {
    case 'mass-deletion':
      return {
        ...byRecord,
        matches: (r) => inList(DELETION_ACTIONS, r.action),
        filter: { actions: [...DELETION_ACTIONS] },
      };
    case 'crawling':
      return {
        matches: (r) => inList(VIEW_ACTIONS, r.action),
        countKey: (r) => r.object?.id ?? r.id,
        filter: { actions: [...VIEW_ACTIONS] },
      };
    case 'permission-change':
      return {
        ...byRecord,
        matches: (r) => inList(PERMISSION_ACTIONS, r.action) || PERMISSION_CONFIG.test(r.action),
        filter: { actions: [...PERMISSION_ACTIONS, 'config.*'] },
      };
    case 'off-hours-admin': {
      const hours = rule.workingHours;
      return {
        ...byRecord,
        matches: (r) =>
          inList(ADMIN_CONFIG_ACTIONS, r.action) && !withinWorkingHours(hours, Date.parse(r.time)),
        filter: { actions: [...ADMIN_CONFIG_ACTIONS] },
      };
    }
    case 'container-removed':
      return {
        ...byRecord,
        matches: (r) => inList(CONTAINER_REMOVED_ACTIONS, r.action),
        filter: { actions: [...CONTAINER_REMOVED_ACTIONS] },
      };
    case 'new-actor-type':
      // Which types are new is the evaluator's state; every record is a candidate.
      return { ...byRecord, matches: () => true, filter: {} };
    case 'watch-list': {
      const watched = new Set(rule.watch.containers);
      return {
        ...byRecord,
        matches: (r) =>
          r.container !== null &&
          (watched.has(r.container.id) || (r.container.key !== undefined && watched.has(r.container.key))) &&
          !(r.actor.accountId !== null && allowed.has(r.actor.accountId)),
        filter: { containers: [...watched] },
      };
    }
    case 'custom':
      return { ...byRecord, matches: (r) => passesRuleFilter(rule.filter, r), filter: { ...rule.filter } };
  }
}

/**
 * The activity filter's meaning for the parts a rule may use, over one record: every part narrows,
 * values inside a part are alternatives; containers and objects match by id or key, objects also match
 * their parts (a comment of the issue), as the log's filter does.
 */
export function passesRuleFilter(filter: RuleFilter, r: AuditRecord): boolean {
  if (filter.products?.length && !filter.products.includes(r.product)) return false;
  if (filter.actions?.length && !inList(filter.actions, r.action)) return false;
  if (filter.actors?.length && !(r.actor.accountId !== null && filter.actors.includes(r.actor.accountId)))
    return false;
  if (filter.containers?.length) {
    const c = r.container;
    if (!c || !filter.containers.some((v) => v === c.id || v === c.key)) return false;
  }
  if (filter.objects?.length) {
    const refs = [r.object, r.object?.parent].filter((o) => o !== undefined && o !== null);
    if (!refs.some((o) => filter.objects!.some((v) => v === o.id || v === o.key))) return false;
  }
  return true;
}

/** `<object>.<verb>` patterns: exact, `<object>.*`, or `*.<verb>`. */
function inList(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) =>
    p.endsWith('.*')
      ? action.startsWith(p.slice(0, -1))
      : p.startsWith('*.')
        ? action.endsWith(p.slice(1))
        : action === p,
  );
}

/** Whether an instant falls on a working day between the start and end times, in the admin's time zone. */
export function withinWorkingHours(hours: WorkingHours, ms: number): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  const [sh, sm] = hours.start.split(':').map(Number) as [number, number];
  const [eh, em] = hours.end.split(':').map(Number) as [number, number];
  return hours.days.includes(day) && minute >= sh * 60 + sm && minute < eh * 60 + em;
}
