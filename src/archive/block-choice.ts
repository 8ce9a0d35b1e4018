import type { Position, ResolvedFilter } from '../query/resolved-filter';
import { blocksOfTerms, type BlockMeta } from './block-store';
import { termKey } from './block-terms';

/**
 * The terms a filter pins, one list per dimension: a block can hold a match only if, for every dimension,
 * it is listed under at least one of that dimension's terms. `undefined`: the filter pins none.
 */
export function filterTermGroups(filter: ResolvedFilter): string[][] | undefined {
  const groups: string[][] = [];
  const add = (prefix: string, values: readonly string[] | undefined) => {
    if (values !== undefined) groups.push(values.map((v) => `${prefix}${v}`));
  };
  add('a:', filter.actors);
  add('c:', filter.containers);
  add('t:', filter.objects);
  add('p:', filter.products);
  // With Confluence's records kept beside a JQL's issues, the scope pins nothing a block can be ruled out by.
  if (filter.issueScope !== undefined && !filter.issueScope.confluence) {
    add('p:', ['jira']);
    add('t:', filter.issueScope.issueIds);
  }
  if (filter.actions !== undefined && !filter.actions.includes('*')) {
    const terms: string[] = [];
    let prunable = true;
    for (const action of filter.actions) {
      if (!action.endsWith('*')) terms.push(`x:${action}`);
      // `issue.*`: every verb of one object; any other prefix cannot be looked up.
      else if (/^[^.*]+\.\*$/.test(action)) terms.push(`xo:${action.slice(0, -1)}`);
      else prunable = false;
    }
    if (prunable) groups.push(terms);
  }
  return groups.length ? groups : undefined;
}

/** The blocks the filter's terms allow (all of `blocks` when it pins none). */
export async function blocksForFilter(
  target: Parameters<typeof blocksOfTerms>[0],
  filter: ResolvedFilter,
  blocks: readonly BlockMeta[],
): Promise<BlockMeta[]> {
  const groups = filterTermGroups(filter);
  if (groups === undefined || blocks.length === 0) return [...blocks];
  const keys = [...new Set(groups.flat().map(termKey))];
  const lists = await blocksOfTerms(target, keys);
  let allowed: Set<number> | undefined;
  for (const group of groups) {
    const union = new Set<number>();
    for (const term of group) for (const id of lists.get(termKey(term)) ?? []) union.add(id);
    allowed = allowed === undefined ? union : new Set([...allowed].filter((id) => union.has(id)));
  }
  return blocks.filter((b) => allowed?.has(b.blockId));
}

/**
 * The newest time at which the block may hold a record the page still wants: the latest of its spans'
 * ends, each capped at `ceiling`, among spans reaching back to `from`. Undefined: it holds none.
 */
export function blockBound(block: BlockMeta, ceiling: number, from: number | undefined): number | undefined {
  let bound: number | undefined;
  for (const [start, end] of block.spans) {
    if (start > ceiling || (from !== undefined && end < from)) continue;
    const top = Math.min(end, ceiling);
    if (bound === undefined || top > bound) bound = top;
  }
  return bound;
}

/** Newest-first order of positions: negative when `a` comes first (is newer). */
export function comparePositions(a: Position, b: Position): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Whether `p` comes strictly after `after` in the newest-first order. */
export function isAfter(p: Position, after: Position | undefined): boolean {
  return after === undefined || comparePositions(p, after) > 0;
}
