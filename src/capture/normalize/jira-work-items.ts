/** Readers for the things that hang off an issue: worklogs, links, attachments and issue properties. */
import { fieldLengths } from '../../limits';
import type { Change } from '../../record/audit-record';
import type { EventInput, Extracted } from './record-parts';
import { change, objectRef, parentRef, projectContainerOf } from './record-parts';
import { resolveActor } from './actor';
import { editTime } from './jira-comment';
import { issueParent, issueProject } from './jira-issue';
import { canonicalJson } from '../../record/record-id';
import { field, first, idAt, obj, objAt, str } from './read';
import { cut, displayValue } from './text';

/**
 * The docs' worklog payload has no `atlassianId`; the worklog names its author (created) and last
 * editor (updated). Nobody is named for a delete, so that stays unknown.
 */
export function readJiraWorklog({ spec, payload }: EventInput): Extracted {
  const worklog = objAt(payload, 'worklog');
  const issue = objAt(payload, 'issue');
  const fallbacks =
    spec.verb === 'created'
      ? [field(worklog, 'author')]
      : spec.verb === 'updated'
        ? [field(worklog, 'updateAuthor'), field(worklog, 'author')]
        : [];
  const seconds = field(worklog, 'timeSpentSeconds');
  const spent = first(
    str(worklog, 'timeSpent'),
    typeof seconds === 'number' && Number.isFinite(seconds) ? `${seconds}s` : null,
  );
  return {
    actor: resolveActor(payload, {
      fallbacks,
      hints: [field(worklog, 'author'), field(worklog, 'updateAuthor')],
    }),
    container: issueProject(issue),
    object: objectRef('worklog', idAt(worklog, 'id'), {
      parent: issue !== null ? issueParent(issue) : parentRef('issue', idAt(worklog, 'issueId')),
    }),
    changes: [spec.verb === 'deleted' ? change('timeSpent', spent, null) : change('timeSpent', null, spent)],
    occurrence: [idAt(worklog, 'id'), str(worklog, 'updated')],
    ...(spec.verb === 'created' ? { natural: [] } : {}),
    ...(spec.verb === 'updated' ? { natural: [editTime(worklog)] } : {}),
  };
}

/**
 * Issue links carry only ids and the link type; no actor is documented. The change reads like Jira's
 * own changelog entry for a link ("blocks issue 10107").
 */
export function readJiraIssueLink({ spec, payload }: EventInput): Extracted {
  const type = objAt(payload, 'issueLinkType');
  const destination = idAt(payload, 'destinationIssueId');
  const description =
    destination !== null
      ? `${first(str(type, 'outward'), str(type, 'name')) ?? 'links to'} issue ${destination}`
      : null;
  return {
    actor: resolveActor(payload),
    container: projectContainerOf(idAt(payload, 'sourceProjectId')),
    object: objectRef('issuelink', idAt(payload, 'id'), {
      parent: parentRef('issue', idAt(payload, 'sourceIssueId')),
    }),
    changes:
      description === null
        ? []
        : [spec.verb === 'deleted' ? change('Link', description, null) : change('Link', null, description)],
  };
}

/**
 * The Attachment type is not in the docs mirror. `author` (REST Attachment) is the uploader, so it is
 * the actor of a create only; the issue comes from `issueId` or an `issue` object if the payload has one.
 */
export function readJiraAttachment({ spec, payload }: EventInput): Extracted {
  const attachment = objAt(payload, 'attachment');
  const issue = objAt(payload, 'issue');
  return {
    actor:
      spec.verb === 'created'
        ? resolveActor(payload, { fallbacks: [field(attachment, 'author')] })
        : resolveActor(payload, { hints: [field(attachment, 'author')] }),
    container: issueProject(issue),
    object: objectRef('attachment', idAt(attachment, 'id'), {
      title: str(attachment, 'filename'),
      parent: issue !== null ? issueParent(issue) : parentRef('issue', idAt(attachment, 'issueId')),
    }),
    changes: [],
    ...(spec.verb === 'created' ? { natural: [] } : {}),
  };
}

/**
 * NOT DOCUMENTED: issue-property events are only named in `@forge/manifest`'s scope map. This reads an
 * `issue` (or `issueId`) and a `property {key, value}` (or `propertyKey`) where present and nothing else.
 */
export function readJiraIssueProperty({ spec, payload }: EventInput): Extracted {
  const issue = objAt(payload, 'issue');
  const property = objAt(payload, 'property');
  const key = first(str(property, 'key'), str(payload, 'propertyKey'));
  const value = field(property, 'value');
  const shown = value === undefined ? null : (displayValue(value) ?? safeJson(value));
  const changes: readonly Change[] =
    key === null ? [] : [spec.verb === 'deleted' ? change(key, null, null) : change(key, null, shown)];
  return {
    actor: resolveActor(payload),
    container: issueProject(issue),
    object: objectRef('issue_property', key, {
      parent: issue !== null ? issueParent(issue) : parentRef('issue', idAt(payload, 'issueId')),
    }),
    changes,
  };
}

function safeJson(value: unknown): string | null {
  try {
    return obj(value) !== null || Array.isArray(value)
      ? cut(canonicalJson(value), fieldLengths.changeValue)
      : null;
  } catch {
    return null;
  }
}
