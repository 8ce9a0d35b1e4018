import type { ActivityFacets, ActivityFilterInput } from '@contract';
import { activityFacets } from '../api';
import { useResolver } from '../resolver/use-resolver';

export type FacetsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly facets: ActivityFacets }
  | { readonly status: 'failed' };

/**
 * The pickers' options: who acted, which actions, which projects and spaces appear in the time range
 * (and the text, group, object and JQL filters). The pickers' own dimensions are left out of the
 * request, so choosing one actor still offers the others to add. While new options load, the previous
 * ones stay offered.
 */
export function useFacets(filter: ActivityFilterInput): FacetsState {
  const optionsFilter: ActivityFilterInput = { ...filter };
  delete optionsFilter.actors;
  delete optionsFilter.actions;
  delete optionsFilter.containers;
  delete optionsFilter.products;
  const key = JSON.stringify(optionsFilter);
  const facets = useResolver(() => activityFacets(JSON.parse(key) as ActivityFilterInput), key);

  if (facets.state === 'failed') return { status: 'failed' };
  return facets.value ? { status: 'ready', facets: facets.value } : { status: 'loading' };
}
