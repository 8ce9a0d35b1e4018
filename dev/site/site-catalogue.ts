import type { SiteIssueLinkType, SiteIssueType, SitePriority, SiteStatus } from './site-model';

/** The fixed parts of the fake site: Jira's catalogues (issue types, statuses, priorities, link types) and its groups. */

export const DAY_MS = 86_400_000;

export const ISSUE_TYPES: readonly SiteIssueType[] = [
  { id: '10001', name: 'Task', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Bug', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Story', subtask: false, hierarchyLevel: 0 },
  { id: '10004', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  { id: '10005', name: 'Subtask', subtask: true, hierarchyLevel: -1 },
];

export const STATUSES: readonly SiteStatus[] = [
  { id: '10000', name: 'To Do', categoryKey: 'new' },
  { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  { id: '10002', name: 'In Review', categoryKey: 'indeterminate' },
  { id: '10001', name: 'Done', categoryKey: 'done' },
];

export const PRIORITIES: readonly SitePriority[] = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

/** Jira Cloud's default link types. */
export const ISSUE_LINK_TYPES: readonly SiteIssueLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

export const GROUP_NAMES = [
  'jira-administrators',
  'confluence-administrators',
  'site-admins',
  'developers',
  'support',
  'marketing',
] as const;
