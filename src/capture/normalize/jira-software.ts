/** Readers for Jira Software boards and sprints. Their payloads carry no event time. */
import type { Change } from '../../record/audit-record';
import type { EventInput, Extracted } from './record-parts';
import { change, limitChanges, objectRef, parentRef, projectContainer } from './record-parts';
import { resolveActor } from './actor';
import { field, idAt, keysOf, objAt, str } from './read';
import { displayValue } from './text';

/** `board` for created/updated/deleted; `configuration` (same id and name) for configuration-changed. */
export function readJiraBoard({ payload }: EventInput): Extracted {
  const board = objAt(payload, 'board') ?? objAt(payload, 'configuration');
  const location = objAt(board, 'location');
  return {
    actor: resolveActor(payload),
    container: str(location, 'type') === 'project' ? projectContainer(location) : null,
    object: objectRef('board', idAt(board, 'id'), { title: str(board, 'name') }),
    changes: [],
  };
}

/** For `updated`, `oldValue` holds the previous value of each changed field; the sprint holds the new one. */
export function readJiraSprint({ payload }: EventInput): Extracted {
  const sprint = objAt(payload, 'sprint');
  const oldValue = objAt(payload, 'oldValue');
  const changes: Change[] = keysOf(oldValue).map((key) =>
    change(key, displayValue(field(oldValue, key)), displayValue(field(sprint, key))),
  );
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('sprint', idAt(sprint, 'id'), {
      title: str(sprint, 'name'),
      parent: parentRef('board', idAt(sprint, 'originBoardId')),
    }),
    changes: limitChanges(changes),
  };
}
