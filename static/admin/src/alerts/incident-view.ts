import type { ActivityFilterInput } from '@contract';
import { EMPTY_VIEW, type ActivityView } from '../activity/view-state';

/** The log's view of an alert's records: the alert's own filter over exactly the incident's time range. */
export function incidentView(filter: ActivityFilterInput): ActivityView {
  const iso = (at: string | number | undefined) =>
    at === undefined ? undefined : new Date(typeof at === 'number' ? at : Date.parse(at)).toISOString();
  const from = iso(filter.from);
  const to = iso(filter.to);
  return {
    ...EMPTY_VIEW,
    range: 'custom',
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    actors: filter.actors ?? [],
    products: filter.products ?? [],
    actions: filter.actions ?? [],
    containers: filter.containers ?? [],
    objects: filter.objects ?? [],
  };
}

/** The Activity log filtered to a view: its address, and the way there (a new history entry). */
export interface LogOpener {
  readonly href: (view: ActivityView) => string;
  readonly open: (view: ActivityView) => void;
}
