/** Readers for Confluence events about spaces, labels, relations, users, groups and searches. */
import type { Container, ParentRef } from '../../record/audit-record';
import { resolveActor } from './actor';
import { contentParent } from './confluence-content';
import type { EventInput, Extracted } from './record-parts';
import { change, objectRef, parentRef, spaceContainer } from './record-parts';
import { at, field, idAt, objAt, str } from './read';
import { displayValue } from './text';

export function readConfluenceSpace({ spec, payload }: EventInput): Extracted {
  const space = objAt(payload, 'space');
  const creator = at(space, 'history', 'createdBy');
  return {
    actor: resolveActor(payload, { fallbacks: spec.verb === 'created' ? [creator] : [], hints: [creator] }),
    container: spaceContainer(space),
    object: objectRef('space', idAt(space, 'id'), { key: str(space, 'key'), title: str(space, 'name') }),
    changes: [],
  };
}

function spaceParent(space: unknown): ParentRef | null {
  return parentRef('space', idAt(space, 'id'), { key: str(space, 'key'), title: str(space, 'name') });
}

/** Only one of content, space or template is present: whichever it is, the label belongs to it. */
export function readConfluenceLabel({ spec, payload }: EventInput): Extracted {
  const label = objAt(payload, 'label');
  const content = objAt(payload, 'content');
  const space = objAt(payload, 'space');
  const template = objAt(payload, 'template');
  const parent =
    content !== null
      ? contentParent(content)
      : space !== null
        ? spaceParent(space)
        : parentRef('template', idAt(template, 'templateId'), { title: str(template, 'name') });
  const name = str(label, 'name');
  return {
    actor: resolveActor(payload),
    container: spaceContainer(objAt(content, 'space') ?? space ?? objAt(template, 'space')),
    object: objectRef('label', idAt(label, 'id'), { title: name, parent }),
    changes:
      spec.verb === 'added'
        ? [change('label', null, name)]
        : spec.verb === 'removed'
          ? [change('label', name, null)]
          : [],
  };
}

/** `type/id` of a relation's source or target (content, space or user). */
function entityRef(wrapper: unknown): { readonly ref: string | null; readonly parent: ParentRef | null } {
  const content = objAt(wrapper, 'content');
  if (content !== null) {
    const parent = contentParent(content);
    return { ref: parent ? `${parent.type}/${parent.id}` : null, parent };
  }
  const space = objAt(wrapper, 'space');
  if (space !== null) {
    const parent = spaceParent(space);
    return { ref: parent ? `space/${parent.id}` : null, parent };
  }
  const accountId = str(wrapper, 'user', 'accountId');
  return { ref: accountId !== null ? `user/${accountId}` : null, parent: null };
}

function entitySpace(wrapper: unknown): Container | null {
  return spaceContainer(objAt(wrapper, 'content', 'space') ?? objAt(wrapper, 'space'));
}

/**
 * A relation has no id of its own: it is the triple (name, source, target), e.g.
 * `watching:user/4ad9…>page/838205441`, which is the same for its create and its delete.
 */
export function readConfluenceRelation({ spec, payload }: EventInput): Extracted {
  const name = str(payload, 'relationName');
  const source = entityRef(field(payload, 'source'));
  const target = entityRef(field(payload, 'target'));
  const id =
    name !== null && source.ref !== null && target.ref !== null
      ? `${name}:${source.ref}>${target.ref}`
      : null;
  const creator = at(payload, 'relationData', 'createdBy');
  return {
    actor: resolveActor(payload, { fallbacks: spec.verb === 'created' ? [creator] : [], hints: [creator] }),
    container: entitySpace(field(payload, 'target')) ?? entitySpace(field(payload, 'source')),
    object: objectRef('relation', id, { key: name, parent: target.parent ?? source.parent }),
    changes: [],
  };
}

/** The user the event is about is the object; the docs say these payloads have no actor. */
export function readConfluenceUser({ payload }: EventInput): Extracted {
  const user = objAt(payload, 'user');
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('user', str(user, 'accountId')),
    changes: [],
  };
}

export function readConfluenceGroup({ payload }: EventInput): Extracted {
  const group = objAt(payload, 'group');
  return {
    actor: resolveActor(payload),
    container: null,
    object: objectRef('group', idAt(group, 'id'), { title: str(group, 'name') }),
    changes: [],
  };
}

/** A search has no object: the query (user-typed, so UGC) and the result count are its changes. */
export function readConfluenceSearch({ payload }: EventInput): Extracted {
  const query = displayValue(field(payload, 'query'));
  return {
    actor: resolveActor(payload),
    container: null,
    object: null,
    changes: [change('query', null, query), change('results', null, displayValue(field(payload, 'results')))],
  };
}
