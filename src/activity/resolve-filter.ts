import { scopeProducts } from '../admin/product-scope';
import type { ActivityFilter } from '../query/activity-filter';
import { accountIdsNamed } from '../people/people-lookup';
import type { Product } from '../record/audit-record';
import type { ResolvedFilter } from '../query/resolved-filter';
import { groupMembers } from './group-members';
import { resolveJqlScope, type JqlMatcher, type JqlScope, type JqlScopeOptions } from './jql-scope';
import { containerIds, objectIds } from './resolve-keys';

export interface Resolved {
  readonly filter: ResolvedFilter;
  /** Set when the JQL is matched per batch of scanned rows (a large JQL result). */
  readonly matcher?: JqlMatcher;
}

/**
 * Does a filter's lookups: groups become their members' account ids (narrowing `actors` when both are
 * given: every part of a filter narrows), project, space and issue keys become their ids, the JQL
 * becomes an issue scope, and free text also names people (their account ids join the text's matches).
 * Empty lists from the UI mean "no choice made", not "match nothing".
 *
 * Here, where every read's query is built, the products are narrowed to those the caller administers
 * (`options.products`), so no read of records can forget it: another product's records are simply not
 * matched, by a search, its facets, an export or a trail alike.
 */
export async function resolveFilter(
  filter: ActivityFilter,
  options: JqlScopeOptions & { readonly products: ReadonlySet<Product> },
): Promise<Resolved> {
  const some = <T>(values: readonly T[] | undefined) =>
    values !== undefined && values.length > 0 ? values : undefined;
  const requested = some(filter.products);
  const products = scopeProducts(requested, options.products);
  let actors = some(filter.actors);
  const groups = some(filter.groups);
  if (groups !== undefined) {
    const members = await groupMembers(groups, products);
    actors = actors === undefined ? [...members] : actors.filter((a) => members.has(a));
  }
  const actions = some(filter.actions);
  const containerValues = some(filter.containers);
  const containers = containerValues && (await containerIds(containerValues, products));
  const objectValues = some(filter.objects);
  const objects = objectValues && (await objectIds(objectValues));
  const text = filter.text !== undefined && filter.text !== '' ? filter.text : undefined;
  const textActors = text === undefined ? undefined : await accountIdsNamed(text);
  const jql = filter.jql !== undefined && filter.jql !== '' ? filter.jql : undefined;
  // A JQL matches Jira records only: for a caller who may not read Jira's, Jira is not even asked. It
  // narrows Jira's records and leaves Confluence's as they are (a Confluence-only filter stays whole):
  // "project = MOB" says nothing about pages.
  const confluence = products === undefined || products.includes('confluence');
  const scope: JqlScope | undefined =
    jql === undefined
      ? undefined
      : products !== undefined && !products.includes('jira')
        ? { kind: 'issues', issueIds: [] }
        : await resolveJqlScope(jql, options);
  return {
    filter: {
      ...(filter.from !== undefined ? { from: filter.from } : {}),
      ...(filter.to !== undefined ? { to: filter.to } : {}),
      ...(actors ? { actors } : {}),
      ...(products ? { products } : {}),
      ...(actions ? { actions } : {}),
      ...(containers ? { containers } : {}),
      ...(objects ? { objects } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(textActors !== undefined && textActors.length > 0 ? { textActors } : {}),
      ...(scope === undefined
        ? {}
        : {
            issueScope: {
              ...(scope.kind === 'issues' ? { issueIds: scope.issueIds } : {}),
              ...(confluence ? { confluence: true as const } : {}),
            },
          }),
    },
    ...(scope?.kind === 'match' ? { matcher: scope.matcher } : {}),
  };
}
