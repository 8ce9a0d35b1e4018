/**
 * Builders of Forge Jira Software payloads (events-reference/jira-software). These payloads carry no
 * event time at all (see the docs' examples), so none is generated here either.
 */
import type { CreatedUpdatedDeleted, JiraSprintVerb } from './event-types';
import type { ForgeEventPayload, JiraBoard, JiraSprint, JiraUser } from './types';

export interface JiraBoardEventInput {
  readonly board: JiraBoard;
  readonly actor?: JiraUser;
}

export function jiraBoardEvent(verb: CreatedUpdatedDeleted, input: JiraBoardEventInput): ForgeEventPayload {
  return {
    eventType: `avi:jira-software:${verb}:board`,
    board: { id: input.board.id, name: input.board.name, type: input.board.type },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraBoardConfigurationEventInput {
  readonly board: JiraBoard;
  readonly actor?: JiraUser;
  /** Column names with their status ids; a three-column board when absent. */
  readonly columns?: readonly { readonly name: string; readonly statusIds: readonly string[] }[];
}

export function jiraBoardConfigurationEvent(input: JiraBoardConfigurationEventInput): ForgeEventPayload {
  const { board } = input;
  const columns = input.columns ?? [
    { name: 'To Do', statusIds: ['10000'] },
    { name: 'In Progress', statusIds: ['3'] },
    { name: 'Done', statusIds: ['10001'] },
  ];
  return {
    eventType: 'avi:jira-software:configuration-changed:board',
    configuration: {
      id: board.id,
      name: board.name,
      type: board.type,
      ...(board.project
        ? {
            location: {
              type: 'project',
              key: board.project.key,
              id: board.project.id,
              name: board.project.name,
            },
          }
        : {}),
      filter: { id: board.filterId ?? '10000' },
      columnConfig: {
        columns: columns.map((c) => ({ name: c.name, statuses: c.statusIds.map((id) => ({ id })) })),
        constraintType: 'none',
      },
      ranking: { rankCustomFieldId: 10019 },
    },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraSprintEventInput {
  readonly sprint: JiraSprint;
  /** For `updated`: the previous values of the fields that changed. */
  readonly oldValue?: Partial<JiraSprint>;
  readonly actor?: JiraUser;
}

export function jiraSprintEvent(verb: JiraSprintVerb, input: JiraSprintEventInput): ForgeEventPayload {
  return {
    eventType: `avi:jira-software:${verb}:sprint`,
    sprint: { ...input.sprint },
    ...(input.oldValue ? { oldValue: { ...input.oldValue } } : {}),
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}
