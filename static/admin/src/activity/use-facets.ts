import { useEffect, useState } from 'react';
import type { ActivityFacets, ActivityFilterInput } from '@contract';
import { activityFacets } from '../api';

export type FacetsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly facets: ActivityFacets }
  | { readonly status: 'failed' };

/**
 * The pickers' options: who acted, which actions, which projects and spaces appear in the time range
 * (and the text, group, object and JQL filters). The pickers' own dimensions are left out of the
 * request, so choosing one actor still offers the others to add.
 */
export function useFacets(filter: ActivityFilterInput): FacetsState {
  const [state, setState] = useState<FacetsState>({ status: 'loading' });
  const optionsFilter: ActivityFilterInput = { ...filter };
  delete optionsFilter.actors;
  delete optionsFilter.actions;
  delete optionsFilter.containers;
  delete optionsFilter.products;
  const key = JSON.stringify(optionsFilter);

  useEffect(() => {
    let current = true;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    void activityFacets(JSON.parse(key) as ActivityFilterInput).then((result) => {
      if (current) setState(result.ok ? { status: 'ready', facets: result.value } : { status: 'failed' });
    });
    return () => {
      current = false;
    };
  }, [key]);

  return state;
}
