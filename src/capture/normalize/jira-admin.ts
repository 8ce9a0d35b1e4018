/** Readers for Jira's administrative objects: projects, users, versions, components, filters, issue types, fields, settings. */
import type { Change } from '../../record/audit-record';
import type { EventInput, Extracted } from './record-parts';
import { change, objectRef, parentRef, projectContainer, projectContainerOf } from './record-parts';
import { resolveActor } from './actor';
import { field, first, idAt, objAt, str } from './read';
import { displayValue } from './text';

/** The docs' project payload has no actor; a project's lead is not who changed it. */
export function readJiraProject({ payload }: EventInput): Extracted {
  const project = objAt(payload, 'project');
  return {
    actor: resolveActor(payload),
    container: projectContainer(project),
    object: objectRef('project', idAt(project, 'id'), {
      key: str(project, 'key'),
      title: str(project, 'name'),
    }),
    changes: [],
  };
}

/** The user the event is about is the object, not the actor (no actor is documented). */
export function readJiraUser({ payload }: EventInput): Extracted {
  const user = objAt(payload, 'user');
  return {
    actor: resolveActor(payload, { hints: [user] }),
    container: null,
    object: objectRef('user', str(user, 'accountId')),
    changes: [],
  };
}

function versionName(version: unknown): string | null {
  return first(str(version, 'name'), idAt(version, 'id'));
}

export function readJiraVersion({ spec, payload }: EventInput): Extracted {
  const version = objAt(payload, 'version');
  const changes: Change[] = [];
  const merged = objAt(payload, 'mergedVersion');
  if (merged !== null) changes.push(change('merged version', null, versionName(merged)));
  if (spec.verb === 'deleted') {
    const fix = objAt(payload, 'newFixVersion');
    const affects = objAt(payload, 'newAffectsVersion');
    if (fix !== null) changes.push(change('Fix versions', versionName(version), versionName(fix)));
    if (affects !== null)
      changes.push(change('Affects versions', versionName(version), versionName(affects)));
  }
  return {
    actor: resolveActor(payload),
    container: projectContainerOf(idAt(version, 'projectId')),
    object: objectRef('version', idAt(version, 'id'), { title: str(version, 'name') }),
    changes,
  };
}

/** REST Component: `project` is the project key, `projectId` its id. */
export function readJiraComponent({ payload }: EventInput): Extracted {
  const component = objAt(payload, 'component');
  return {
    actor: resolveActor(payload),
    container: projectContainerOf(idAt(component, 'projectId'), str(component, 'project')),
    object: objectRef('component', idAt(component, 'id'), { title: str(component, 'name') }),
    changes: [],
  };
}

export function readJiraFilter({ spec, payload }: EventInput): Extracted {
  const filter = objAt(payload, 'filter');
  const jql = str(filter, 'jql');
  return {
    actor: resolveActor(payload, { hints: [field(filter, 'owner')] }),
    container: null,
    object: objectRef('filter', idAt(filter, 'id'), { title: str(filter, 'name') }),
    changes: jql !== null && spec.verb !== 'deleted' ? [change('jql', null, jql)] : [],
  };
}

/** A project-scoped (team-managed) issue type names its project in `scope.project`. */
export function readJiraIssueType({ payload }: EventInput): Extracted {
  const issueType = objAt(payload, 'issueType');
  return {
    actor: resolveActor(payload),
    container: projectContainerOf(idAt(issueType, 'scope', 'project', 'id')),
    object: objectRef('issuetype', idAt(issueType, 'id'), { title: str(issueType, 'name') }),
    changes: [],
  };
}

/** Custom field events carry the field at the payload's root. */
export function readJiraField({ payload }: EventInput): Extracted {
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('field', idAt(payload, 'id'), {
      key: str(payload, 'key'),
      title: str(payload, 'name'),
    }),
    changes: [],
  };
}

export function readJiraFieldContext({ payload }: EventInput): Extracted {
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('field_context', idAt(payload, 'id'), {
      title: str(payload, 'name'),
      parent: parentRef('field', idAt(payload, 'fieldId'), { key: str(payload, 'fieldKey') }),
    }),
    changes: [],
  };
}

/** `configuration` is stringified JSON: kept as the new value (cut like any value). */
export function readJiraFieldContextConfiguration({ payload }: EventInput): Extracted {
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('field_context', idAt(payload, 'fieldContextId'), {
      parent: parentRef('field', idAt(payload, 'customFieldId'), { key: str(payload, 'customFieldKey') }),
    }),
    changes: [change('configuration', null, displayValue(field(payload, 'configuration')))],
  };
}

/**
 * Global settings and the time-tracking provider: `property {key, value}`. The object is the setting;
 * the provider change is filed under the field 'timetracking provider'. The old value is not sent.
 */
export function readJiraConfiguration({ eventType, payload }: EventInput): Extracted {
  const property = objAt(payload, 'property');
  const provider = eventType === 'avi:jira:timetracking:provider:changed';
  const key = first(str(property, 'key'), provider ? 'jira.timetracking.selected' : null);
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('config', key),
    changes: [
      change(
        provider ? 'timetracking provider' : (key ?? 'configuration'),
        null,
        displayValue(field(property, 'value')),
      ),
    ],
  };
}
