/**
 * A small fictional site and `samplePayload(eventType)`, which builds a realistic payload for any event
 * name in ALL_EVENT_TYPES_BY_FAMILY. Tests use it to cover every event; the sandbox seed can use it for
 * variety. Names and ids are made up (example.com style), never real people.
 */
import {
  confluenceAttachmentEvent,
  confluenceCommentEvent,
  confluenceContentEvent,
  confluenceCustomContentEvent,
  confluenceGroupEvent,
  confluenceLabelEvent,
  confluenceRelationEvent,
  confluenceSearchEvent,
  confluenceSpaceEvent,
  confluenceTaskEvent,
  confluenceUserEvent,
} from './confluence';
import type {
  ConfluenceAttachmentVerb,
  ConfluenceCommentVerb,
  ConfluenceContentVerb,
  ConfluenceCustomContentVerb,
  ConfluenceLabelVerb,
  ConfluenceSpaceVerb,
  ConfluenceTaskVerb,
  CreatedDeleted,
  CreatedUpdatedDeleted,
  JiraCommentKind,
  JiraFieldVerb,
  JiraIssuePropertyVerb,
  JiraIssueVerb,
  JiraProjectVerb,
  JiraSprintVerb,
  JiraVersionVerb,
} from './event-types';
import {
  jiraAttachmentEvent,
  jiraCommentEvent,
  jiraComponentEvent,
  jiraConfigurationEvent,
  jiraFieldContextConfigurationEvent,
  jiraFieldContextEvent,
  jiraFieldEvent,
  jiraFilterEvent,
  jiraIssueEvent,
  jiraIssueLinkEvent,
  jiraIssuePropertyEvent,
  jiraIssueTypeEvent,
  jiraProjectEvent,
  jiraTimeTrackingProviderEvent,
  jiraUserEvent,
  jiraVersionEvent,
  jiraWorklogEvent,
} from './jira';
import { jiraBoardConfigurationEvent, jiraBoardEvent, jiraSprintEvent } from './jira-software';
import type {
  ConfluenceContent,
  ConfluenceContentType,
  ConfluenceSpace,
  ConfluenceUser,
  ForgeEventPayload,
  JiraIssue,
  JiraProject,
  JiraUser,
} from './types';

const created = new Date('2026-03-02T09:00:00.000Z');

export const SAMPLE = {
  jira: {
    alice: { accountId: '5b10a2844c20165700ede21a', displayName: 'Alice Example' } satisfies JiraUser,
    bob: { accountId: '5b10a2844c20165700ede21b', displayName: 'Bob Example' } satisfies JiraUser,
    project: { id: '10000', key: 'OPS', name: 'Operations' } satisfies JiraProject,
    otherProject: { id: '10001', key: 'WEB', name: 'Website' } satisfies JiraProject,
  },
  confluence: {
    carol: { accountId: '4ad9aa0c52dc1b420a791d1c' } satisfies ConfluenceUser,
    automation: { accountId: '557058:automation-app', accountType: 'app' } satisfies ConfluenceUser,
    space: { id: 827392002, key: 'ENG', name: 'Engineering' } satisfies ConfluenceSpace,
    otherSpace: { id: 827392010, key: 'HR', name: 'People' } satisfies ConfluenceSpace,
  },
} as const;

export const SAMPLE_ISSUE: JiraIssue = {
  id: '10042',
  key: 'OPS-42',
  summary: 'Rotate the database credentials',
  project: SAMPLE.jira.project,
  issueType: { id: '10001', name: 'Task' },
  status: { id: '10000', name: 'To Do' },
  reporter: SAMPLE.jira.alice,
  created,
};

export const SAMPLE_OTHER_ISSUE: JiraIssue = {
  id: '10107',
  key: 'WEB-7',
  summary: 'Update the status page',
  project: SAMPLE.jira.otherProject,
  created,
};

export function sampleContent(type: ConfluenceContentType = 'page', version = 1): ConfluenceContent {
  return {
    id: type === 'page' ? '838205441' : `83820${type.length}500`,
    type,
    title: type === 'page' ? 'Incident runbook' : `A ${type}`,
    space: SAMPLE.confluence.space,
    version,
    createdBy: SAMPLE.confluence.carol,
    createdDate: created,
  };
}

/** Split `avi:<product>:<verb>:<object>[:suffix]`. */
function parts(eventType: string): { readonly verb: string; readonly object: string } {
  const [, , verb = '', ...rest] = eventType.split(':');
  return { verb, object: rest.join(':') };
}

/**
 * A payload for any event name the builders cover, at `at` (default: a fixed 2026 time). Throws for a
 * name they do not cover, so a typo in a seed fails loudly.
 */
export function samplePayload(
  eventType: string,
  at: Date = new Date('2026-03-02T10:00:00.000Z'),
): ForgeEventPayload {
  const { alice, bob } = SAMPLE.jira;
  const { carol } = SAMPLE.confluence;
  const { verb, object } = parts(eventType);
  const page = sampleContent('page');
  if (eventType.startsWith('avi:jira-software:')) {
    if (object === 'board' && verb === 'configuration-changed') {
      return jiraBoardConfigurationEvent({
        board: { id: 11, name: 'OPS board', type: 'scrum', project: SAMPLE.jira.project },
        actor: alice,
      });
    }
    if (object === 'board') {
      return jiraBoardEvent(verb as CreatedUpdatedDeleted, {
        board: { id: 11, name: 'OPS board', type: 'scrum' },
        actor: alice,
      });
    }
    if (object === 'sprint') {
      return jiraSprintEvent(verb as JiraSprintVerb, {
        sprint: {
          id: '6',
          originBoardId: '11',
          name: 'OPS Sprint 6',
          state: verb === 'closed' ? 'closed' : 'active',
          goal: 'Ship it',
        },
        ...(verb === 'updated' ? { oldValue: { goal: 'Plan it' } } : {}),
        actor: alice,
      });
    }
  } else if (eventType.startsWith('avi:jira:')) {
    const issue = SAMPLE_ISSUE;
    switch (object) {
      case 'issue':
        if (verb === 'commented') {
          return jiraCommentEvent('commented', {
            issue,
            comment: { id: '10500', body: 'Done on staging.', author: bob, created: at },
            at,
          });
        }
        return jiraIssueEvent(verb as JiraIssueVerb, {
          issue,
          actor: alice,
          at,
          changes:
            verb === 'assigned'
              ? [
                  {
                    field: 'assignee',
                    fieldId: 'assignee',
                    from: null,
                    to: bob.accountId,
                    toString: bob.displayName,
                  },
                ]
              : [
                  {
                    field: 'status',
                    fieldId: 'status',
                    from: '10000',
                    fromString: 'To Do',
                    to: '3',
                    toString: 'In Progress',
                  },
                ],
          // Named by its time, as the builder does: a sample at another time is another change.
          changelogId: String(at.getTime()),
          mentionedAccountIds: [bob.accountId],
        });
      case 'comment':
        return jiraCommentEvent(verb as JiraCommentKind, {
          issue,
          comment: { id: '10500', body: `Thanks @${bob.displayName}`, author: alice, created: at },
          at,
          mentionedAccountIds: [bob.accountId],
        });
      case 'worklog':
        return jiraWorklogEvent(verb as CreatedUpdatedDeleted, {
          worklog: {
            id: '100028',
            issueId: issue.id,
            author: bob,
            timeSpentSeconds: 5400,
            started: at,
            created: at,
            updated: at,
          },
          at,
        });
      case 'issuelink':
        return jiraIssueLinkEvent(verb as CreatedDeleted, {
          id: '10301',
          source: issue,
          destination: SAMPLE_OTHER_ISSUE,
          linkType: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
          at,
        });
      case 'attachment':
        return jiraAttachmentEvent(verb as CreatedDeleted, {
          attachment: {
            id: '10010',
            filename: 'rotation-plan.pdf',
            issue,
            author: alice,
            created: at,
            size: 23123,
            mimeType: 'application/pdf',
          },
          at,
        });
      case 'issue-property':
        return jiraIssuePropertyEvent(verb as JiraIssuePropertyVerb, {
          issue,
          propertyKey: 'com.example.flags',
          value: { reviewed: true },
          actor: alice,
          at,
        });
      case 'project':
        return jiraProjectEvent(verb as JiraProjectVerb, { project: SAMPLE.jira.project, lead: alice, at });
      case 'user':
        return jiraUserEvent(verb as CreatedUpdatedDeleted, { user: bob, at });
      case 'version':
        return jiraVersionEvent(verb as JiraVersionVerb, {
          version: {
            id: '10200',
            name: '2026.3',
            projectId: SAMPLE.jira.project.id,
            released: verb === 'released',
          },
          ...(verb === 'merged'
            ? { mergedVersion: { id: '10199', name: '2026.2', projectId: SAMPLE.jira.project.id } }
            : {}),
          actor: alice,
          at,
        });
      case 'component':
        return jiraComponentEvent(verb as CreatedUpdatedDeleted, {
          component: { id: '10050', name: 'Database', project: SAMPLE.jira.project, lead: alice },
          actor: alice,
          at,
        });
      case 'filter':
        return jiraFilterEvent(verb as CreatedUpdatedDeleted, {
          filter: {
            id: '10070',
            name: 'My open OPS issues',
            jql: 'project = OPS AND resolution is EMPTY',
            owner: alice,
          },
          actor: alice,
          at,
        });
      case 'issuetype':
        return jiraIssueTypeEvent(verb as CreatedUpdatedDeleted, {
          issueType: { id: '10005', name: 'Incident' },
          actor: alice,
          at,
        });
      case 'field':
        return jiraFieldEvent(verb as JiraFieldVerb, {
          field: {
            id: 'customfield_10080',
            key: 'customfield_10080',
            name: 'Severity',
            type: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
            typeName: 'Select List (single choice)',
          },
          at,
        });
      case 'field:context':
        return jiraFieldContextEvent(verb as CreatedUpdatedDeleted, {
          context: {
            id: '10180',
            fieldId: 'customfield_10080',
            fieldKey: 'customfield_10080',
            name: 'Severity for OPS',
            projectIds: [Number(SAMPLE.jira.project.id)],
          },
          at,
        });
      case 'field:context:configuration':
        return jiraFieldContextConfigurationEvent({
          customFieldId: 'customfield_10080',
          customFieldKey: 'customfield_10080',
          configurationId: 10181,
          fieldContextId: 10180,
          configuration: { default: 'High' },
          at,
        });
      case 'configuration':
        return jiraConfigurationEvent({ key: 'jira.option.voting', value: false, actor: alice, at });
      case 'provider:changed':
        return jiraTimeTrackingProviderEvent({ provider: 'JIRA', at });
    }
  } else if (eventType.startsWith('avi:confluence:')) {
    switch (object) {
      case 'page':
      case 'blogpost':
      case 'whiteboard':
      case 'database':
      case 'embed':
      case 'folder': {
        const content = sampleContent(object, verb === 'created' || verb === 'initialized' ? 1 : 2);
        return confluenceContentEvent(verb as ConfluenceContentVerb, {
          content,
          actor: carol,
          at,
          ...(verb === 'moved' ? { prevContent: { ...content, space: SAMPLE.confluence.otherSpace } } : {}),
          ...(verb === 'copied' ? { originContentId: '838205400' } : {}),
        });
      }
      case 'task':
        return confluenceTaskEvent(verb as ConfluenceTaskVerb, {
          task: {
            id: 1,
            uuid: 'e0a0e71d-5575-4185-bf33-61364fb0960e',
            status: 'complete',
            assignee: carol.accountId,
          },
          oldTask: {
            id: 1,
            uuid: 'e0a0e71d-5575-4185-bf33-61364fb0960e',
            status: 'incomplete',
            assignee: carol.accountId,
          },
          content: page,
          actor: carol,
          at,
        });
      case 'comment':
        return confluenceCommentEvent(verb as ConfluenceCommentVerb, {
          comment: {
            id: '838205455',
            container: page,
            version: verb === 'created' ? 1 : 2,
            createdBy: carol,
            createdDate: at,
          },
          actor: carol,
          at,
        });
      case 'space:V2':
        return confluenceSpaceEvent(verb as ConfluenceSpaceVerb, {
          space: { ...SAMPLE.confluence.space, createdBy: carol, createdDate: created },
          actor: carol,
          at,
        });
      case 'attachment':
        return confluenceAttachmentEvent(verb as ConfluenceAttachmentVerb, {
          attachment: {
            id: '838205460',
            title: 'diagram.png',
            container: page,
            version: 1,
            createdBy: carol,
            createdDate: at,
            mediaType: 'image/png',
            fileSize: 3329,
          },
          actor: carol,
          at,
        });
      case 'custom_content':
        return confluenceCustomContentEvent(verb as ConfluenceCustomContentVerb, {
          content: {
            id: '838205552',
            type: 'forge:00000000-0000-0000-0000-000000000000:env:checklist',
            title: 'Release checklist',
            space: SAMPLE.confluence.space,
            container: page,
            version: 1,
            createdBy: carol,
            createdDate: at,
          },
          actor: carol,
          at,
        });
      case 'label':
        return confluenceLabelEvent(verb as ConfluenceLabelVerb, {
          label: { id: '123456789', name: 'runbook' },
          on: { content: page },
          actor: carol,
          at,
        });
      case 'user':
        return confluenceUserEvent(verb as CreatedDeleted, { user: carol, at });
      case 'group':
        return confluenceGroupEvent(verb as CreatedDeleted, {
          group: { id: 'ab1a3479-143a-456e-8853-d359e577863a', name: 'on-call' },
          at,
        });
      case 'relation':
        return confluenceRelationEvent(verb as CreatedDeleted, {
          relationName: 'watching',
          source: { user: carol },
          target: { content: page },
          actor: carol,
          at,
        });
      case 'search':
        return confluenceSearchEvent({ query: 'runbook', results: 3, actor: carol, at });
    }
  }
  throw new Error(`samplePayload: no builder covers ${eventType}`);
}
