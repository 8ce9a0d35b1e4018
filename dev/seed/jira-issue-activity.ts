import {
  jiraAttachmentEvent,
  jiraCommentEvent,
  jiraIssueEvent,
  jiraIssueLinkEvent,
  jiraWorklogEvent,
  type ForgeEventPayload,
  type JiraChange,
  type JiraComment,
  type JiraWorklog,
} from '../payloads';
import type { SiteUser } from '../site/site-model';
import { FILE_NAMES, LABELS } from '../site/vocabulary';
import { kind, type ActivityContext, type ActivityKind } from './activity-kind';
import { BoundedList } from './bounded-list';
import { jiraIssueOf, jiraUserOf, type LiveIssue, type World } from './world';

interface Comment {
  readonly id: string;
  readonly issue: LiveIssue;
  readonly author: SiteUser;
  readonly created: Date;
}

interface Worklog {
  readonly id: string;
  readonly issue: LiveIssue;
  readonly author: SiteUser;
  readonly started: Date;
  readonly created: Date;
  timeSpentSeconds: number;
}

interface Link {
  readonly id: string;
  readonly source: LiveIssue;
  readonly destination: LiveIssue;
  readonly typeIndex: number;
}

interface Attachment {
  readonly id: string;
  readonly issue: LiveIssue;
  readonly author: SiteUser;
  readonly created: Date;
  readonly file: (typeof FILE_NAMES)[number];
  readonly size: number;
}

/**
 * What people do to Jira issues, with relative frequencies: views dominate; edits, comments, work logs,
 * links and attachments follow.
 */
export function jiraIssueActivity(world: World): readonly ActivityKind[] {
  const site = world.site;
  const comments = new BoundedList<Comment>(500);
  const worklogs = new BoundedList<Worklog>(300);
  const links = new BoundedList<Link>(300);
  const attachments = new BoundedList<Attachment>(300);

  const issueEvent = (verb: 'viewed' | 'created' | 'deleted', c: ActivityContext, issue: LiveIssue) =>
    jiraIssueEvent(verb, { issue: jiraIssueOf(world, issue), actor: jiraUserOf(c.actor), at: c.at });

  const issueFor = (c: ActivityContext): LiveIssue | undefined => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const issue = world.pickIssue(c.random, world.projectFor(c.random, c.actor).id, c.at.getTime());
      if (issue !== undefined) return issue;
    }
    return undefined;
  };

  /** Every Jira kind needs an issue; on an empty site the first one is created. */
  const withIssue =
    (emit: (c: ActivityContext, issue: LiveIssue) => readonly ForgeEventPayload[]) =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const issue = issueFor(c);
      return issue === undefined ? createIssue(c) : emit(c, issue);
    };

  const createIssue = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const project = world.projectFor(c.random, c.actor);
    const issue = world.createIssue({
      project,
      reporterId: c.actor.accountId,
      created: c.at.getTime(),
      updated: c.at.getTime(),
      summary: world.text.issueSummary(c.random),
      issueType: c.random.pick(site.issueTypes.slice(0, 3)),
      status: site.statuses[0] ?? c.random.pick(site.statuses),
      priority: c.random.pick(site.priorities),
      assigneeId: c.random.chance(0.5) ? c.actor.accountId : null,
      labels: c.random.chance(0.3) ? [c.random.pick(LABELS)] : [],
      fixVersionId: null,
    });
    return [issueEvent('created', c, issue)];
  };

  const updateIssue = (c: ActivityContext, issue: LiveIssue): readonly ForgeEventPayload[] => {
    const picks = c.random.chance(0.25) ? 2 : 1;
    const changes: JiraChange[] = [];
    const done = new Set<string>();
    let eventTypeName = 'issue_updated';
    for (let n = 0; n < picks; n++) {
      const field = c.random.pick(UPDATE_FIELDS);
      if (done.has(field)) continue;
      done.add(field);
      const made = changeField(c, world, issue, field);
      changes.push(...made.changes);
      if (made.eventTypeName !== undefined) eventTypeName = made.eventTypeName;
    }
    world.touchIssue(issue, c.at.getTime());
    return [
      jiraIssueEvent('updated', {
        issue: jiraIssueOf(world, issue),
        actor: jiraUserOf(c.actor),
        at: c.at,
        changes,
        changelogId: world.nextId('changelog'),
        jiraEventTypeName: eventTypeName,
      }),
    ];
  };

  const assignIssue = (c: ActivityContext, issue: LiveIssue): readonly ForgeEventPayload[] => {
    const before = issue.assigneeId === null ? undefined : world.user(issue.assigneeId);
    const members = site.users.filter(
      (u) => u.active && u.accountType === 'atlassian' && u.homeProjectIds.includes(issue.project.id),
    );
    // "Assign to me" is the commonest assignment, then a colleague on the project; a few are unassigned.
    const others = members.filter((u) => u.accountId !== before?.accountId);
    const selfAssign = c.actor.accountType === 'atlassian' && c.actor.accountId !== before?.accountId;
    const after =
      before !== undefined && c.random.chance(0.1)
        ? null
        : selfAssign && c.random.chance(0.5)
          ? c.actor
          : others.length > 0
            ? c.random.pick(others)
            : null;
    issue.assigneeId = after?.accountId ?? null;
    world.touchIssue(issue, c.at.getTime());
    const changes: JiraChange[] = [
      {
        field: 'assignee',
        fieldId: 'assignee',
        from: before?.accountId ?? null,
        fromString: before?.displayName ?? null,
        to: after?.accountId ?? null,
        toString: after?.displayName ?? null,
      },
    ];
    const input = {
      issue: jiraIssueOf(world, issue),
      actor: jiraUserOf(c.actor),
      at: c.at,
      changes,
      changelogId: world.nextId('changelog'),
    };
    // Jira sends an updated:issue alongside every assigned:issue.
    return [
      jiraIssueEvent('assigned', input),
      jiraIssueEvent('updated', { ...input, jiraEventTypeName: 'issue_assigned' }),
    ];
  };

  const deleteIssue = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const issue = world.takeCreatedIssue(c.random, world.projectFor(c.random, c.actor).id);
    if (issue === undefined) return createIssue(c);
    const gone = (x: { issue: LiveIssue }): boolean => x.issue === issue;
    comments.removeWhere(gone);
    worklogs.removeWhere(gone);
    attachments.removeWhere(gone);
    links.removeWhere((l) => l.source === issue || l.destination === issue);
    return [issueEvent('deleted', c, issue)];
  };

  const commentObject = (comment: Comment, updated?: Date): JiraComment => ({
    id: comment.id,
    body: world.text.commentBody(comment.id),
    author: jiraUserOf(comment.author),
    created: comment.created,
    ...(updated === undefined ? {} : { updated }),
  });

  const addComment = (c: ActivityContext, issue: LiveIssue): readonly ForgeEventPayload[] => {
    const comment: Comment = { id: world.nextId('comment'), issue, author: c.actor, created: c.at };
    comments.push(comment);
    world.touchIssue(issue, c.at.getTime());
    const input = { issue: jiraIssueOf(world, issue), comment: commentObject(comment), at: c.at };
    const events = [jiraCommentEvent('commented', input)];
    // Some comments @mention a colleague, which Jira reports as a second event.
    const colleague = issue.assigneeId ?? issue.reporterId;
    if (colleague !== c.actor.accountId && c.random.chance(0.12)) {
      events.push(jiraCommentEvent('mentioned', { ...input, mentionedAccountIds: [colleague] }));
    }
    return events;
  };

  const editComment = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const comment = comments.pick(c.random);
    if (comment === undefined) return withIssue(addComment)(c);
    // People edit their own comments.
    return [
      jiraCommentEvent('commented', {
        issue: jiraIssueOf(world, comment.issue),
        comment: commentObject(comment, c.at),
        actor: jiraUserOf(comment.author),
        at: c.at,
      }),
    ];
  };

  const deleteComment = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const comment = comments.take(c.random);
    if (comment === undefined) return withIssue(addComment)(c);
    return [
      jiraCommentEvent('deleted', {
        issue: jiraIssueOf(world, comment.issue),
        comment: commentObject(comment),
        actor: jiraUserOf(comment.author),
        at: c.at,
      }),
    ];
  };

  const worklogObject = (w: Worklog, updated?: Date): JiraWorklog => ({
    id: w.id,
    issueId: w.issue.id,
    author: jiraUserOf(w.author),
    timeSpentSeconds: w.timeSpentSeconds,
    started: w.started,
    created: w.created,
    ...(updated === undefined ? {} : { updated }),
  });

  const logWork = (c: ActivityContext, issue: LiveIssue): readonly ForgeEventPayload[] => {
    const seconds = c.random.pick([900, 1800, 3600, 3600, 5400, 7200, 14_400, 28_800]);
    const worklog: Worklog = {
      id: world.nextId('worklog'),
      issue,
      author: c.actor,
      started: new Date(c.at.getTime() - seconds * 1000),
      created: c.at,
      timeSpentSeconds: seconds,
    };
    worklogs.push(worklog);
    return [jiraWorklogEvent('created', { worklog: worklogObject(worklog), at: c.at })];
  };

  const changeWorklog =
    (verb: 'updated' | 'deleted') =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const worklog = verb === 'deleted' ? worklogs.take(c.random) : worklogs.pick(c.random);
      if (worklog === undefined) return withIssue(logWork)(c);
      if (verb === 'updated') worklog.timeSpentSeconds += c.random.pick([-900, 900, 1800]);
      worklog.timeSpentSeconds = Math.max(300, worklog.timeSpentSeconds);
      return [jiraWorklogEvent(verb, { worklog: worklogObject(worklog, c.at), at: c.at })];
    };

  const linkIssues = (c: ActivityContext, source: LiveIssue): readonly ForgeEventPayload[] => {
    const destination = world.pickIssue(
      c.random,
      c.random.chance(0.8) ? source.project.id : c.random.pick(site.projects).id,
      c.at.getTime(),
    );
    if (destination === undefined || destination === source) return updateIssue(c, source);
    const link: Link = {
      id: world.nextId('issuelink'),
      source,
      destination,
      typeIndex: c.random.int(site.issueLinkTypes.length),
    };
    links.push(link);
    return [linkEvent('created', link, c.at)];
  };

  const linkEvent = (verb: 'created' | 'deleted', link: Link, at: Date): ForgeEventPayload =>
    jiraIssueLinkEvent(verb, {
      id: link.id,
      source: jiraIssueOf(world, link.source),
      destination: jiraIssueOf(world, link.destination),
      linkType: site.issueLinkTypes[link.typeIndex] ?? {
        id: '10003',
        name: 'Relates',
        inward: 'relates to',
        outward: 'relates to',
      },
      at,
    });

  const unlink = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const link = links.take(c.random);
    return link === undefined ? withIssue(linkIssues)(c) : [linkEvent('deleted', link, c.at)];
  };

  const attachmentEvent = (verb: 'created' | 'deleted', a: Attachment, at: Date): ForgeEventPayload =>
    jiraAttachmentEvent(verb, {
      attachment: {
        id: a.id,
        filename: a.file.name,
        issue: jiraIssueOf(world, a.issue),
        author: jiraUserOf(a.author),
        created: a.created,
        size: a.size,
        mimeType: a.file.mimeType,
      },
      at,
    });

  const attach = (c: ActivityContext, issue: LiveIssue): readonly ForgeEventPayload[] => {
    const attachment: Attachment = {
      id: world.nextId('attachment'),
      issue,
      author: c.actor,
      created: c.at,
      file: c.random.pick(FILE_NAMES),
      size: 2_000 + c.random.int(4_000_000),
    };
    attachments.push(attachment);
    world.touchIssue(issue, c.at.getTime());
    return [attachmentEvent('created', attachment, c.at)];
  };

  const detach = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const attachment = attachments.take(c.random);
    return attachment === undefined ? withIssue(attach)(c) : [attachmentEvent('deleted', attachment, c.at)];
  };

  return [
    kind(
      'jira:issue.viewed',
      34,
      'viewers',
      withIssue((c, issue) => [issueEvent('viewed', c, issue)]),
      { view: true },
    ),
    kind('jira:issue.updated', 9, 'people-or-automation', withIssue(updateIssue)),
    kind('jira:issue.assigned', 1.5, 'people-or-automation', withIssue(assignIssue)),
    kind('jira:issue.created', 2.5, 'people', createIssue),
    kind('jira:issue.deleted', 0.2, 'people', deleteIssue),
    kind('jira:comment.created', 4, 'people-or-automation', withIssue(addComment)),
    kind('jira:comment.updated', 0.8, 'people', editComment),
    kind('jira:comment.deleted', 0.25, 'people', deleteComment),
    kind('jira:worklog.created', 2, 'people', withIssue(logWork)),
    kind('jira:worklog.updated', 0.4, 'people', changeWorklog('updated')),
    kind('jira:worklog.deleted', 0.15, 'people', changeWorklog('deleted')),
    kind('jira:issuelink.created', 0.8, 'people', withIssue(linkIssues)),
    kind('jira:issuelink.deleted', 0.2, 'people', unlink),
    kind('jira:attachment.created', 1, 'people', withIssue(attach)),
    kind('jira:attachment.deleted', 0.2, 'people', detach),
  ];
}

const UPDATE_FIELDS = [
  'status', 'status', 'status', 'summary', 'priority', 'labels', 'description', 'description', 'fixVersion',
] as const; // prettier-ignore
type UpdateField = (typeof UPDATE_FIELDS)[number];

/** Applies one field change to the live issue and returns the changelog items Jira would send for it. */
function changeField(
  c: ActivityContext,
  world: World,
  issue: LiveIssue,
  field: UpdateField,
): { readonly changes: readonly JiraChange[]; readonly eventTypeName?: string } {
  const statuses = world.site.statuses;
  switch (field) {
    case 'status': {
      const before = issue.status;
      const at = statuses.indexOf(before);
      const wasDone = before.categoryKey === 'done';
      // Work mostly moves forward; done work is sometimes reopened.
      const after = wasDone ? (statuses[0] ?? before) : (statuses[at + 1] ?? statuses[0] ?? before);
      issue.status = after;
      const changes: JiraChange[] = [
        {
          field: 'status',
          fieldId: 'status',
          from: before.id,
          fromString: before.name,
          to: after.id,
          toString: after.name,
        },
      ];
      if (after.categoryKey === 'done') {
        changes.push({
          field: 'resolution',
          fieldId: 'resolution',
          from: null,
          fromString: null,
          to: '10000',
          toString: 'Done',
        });
        return { changes, eventTypeName: 'issue_resolved' };
      }
      if (wasDone) {
        changes.push({
          field: 'resolution',
          fieldId: 'resolution',
          from: '10000',
          fromString: 'Done',
          to: null,
          toString: null,
        });
        return { changes, eventTypeName: 'issue_reopened' };
      }
      return { changes, eventTypeName: 'issue_generic' };
    }
    case 'summary': {
      const before = issue.summary;
      issue.summary = world.text.issueSummary(c.random);
      return {
        changes: [{ field: 'summary', fieldId: 'summary', fromString: before, toString: issue.summary }],
      };
    }
    case 'priority': {
      const before = issue.priority;
      const after = c.random.pick(world.site.priorities.filter((p) => p !== before));
      issue.priority = after;
      return {
        changes: [
          {
            field: 'priority',
            fieldId: 'priority',
            from: before.id,
            fromString: before.name,
            to: after.id,
            toString: after.name,
          },
        ],
      };
    }
    case 'labels': {
      const before = issue.labels.join(' ');
      const label = c.random.pick(LABELS);
      issue.labels = issue.labels.includes(label)
        ? issue.labels.filter((l) => l !== label)
        : [...issue.labels, label];
      return {
        changes: [
          { field: 'labels', fieldId: 'labels', fromString: before, toString: issue.labels.join(' ') },
        ],
      };
    }
    case 'description':
      return {
        changes: [
          {
            field: 'description',
            fieldId: 'description',
            fromString: world.text.description(c.random),
            toString: world.text.description(c.random),
          },
        ],
      };
    case 'fixVersion': {
      const open = world.versions.filter((v) => v.projectId === issue.project.id && !v.released);
      if (open.length === 0) return changeField(c, world, issue, 'priority');
      const before = world.versions.find((v) => v.id === issue.fixVersionId);
      const after = c.random.pick(open);
      issue.fixVersionId = after.id;
      return {
        changes: [
          {
            field: 'Fix Version',
            fieldId: 'fixVersions',
            from: before?.id ?? null,
            fromString: before?.name ?? null,
            to: after.id,
            toString: after.name,
          },
        ],
      };
    }
  }
}
