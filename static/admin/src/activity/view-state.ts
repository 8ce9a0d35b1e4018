import type { ActivityFilterInput, Product, SavedFilter } from '@contract';

/**
 * What the Activity tab shows, as it lives in the page's address: every filter, and the record open in
 * the drawer, so a view can be bookmarked and sent to a colleague. The query string is the one source
 * of truth; the page reads it on load and on back/forward, and writes it on every change.
 *
 * Ranges are kept as the admin chose them: "last 7 days" stays relative (a bookmark opened next week
 * shows that week), a custom range is two exact instants (so a shared link means the same hours to
 * someone in another time zone).
 */
export type RangePreset = '24h' | '7d' | '30d' | '90d' | 'custom';

export const RANGE_PRESETS: readonly { readonly value: RangePreset; readonly label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom range' },
];

const PRESET_MS: Readonly<Record<Exclude<RangePreset, 'custom'>, number>> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

export const DEFAULT_RANGE: RangePreset = '30d';

export interface ActivityView {
  readonly range: RangePreset;
  /** Custom range only: ISO-8601 instants, `to` inclusive. Either may be open. */
  readonly from?: string;
  readonly to?: string;
  readonly actors: readonly string[];
  /** Group names. */
  readonly groups: readonly string[];
  readonly products: readonly Product[];
  readonly actions: readonly string[];
  /** Project or space ids. */
  readonly containers: readonly string[];
  /** Issue or page ids. */
  readonly objects: readonly string[];
  readonly text: string;
  readonly jql: string;
}

export const EMPTY_VIEW: ActivityView = {
  range: DEFAULT_RANGE,
  actors: [],
  groups: [],
  products: [],
  actions: [],
  containers: [],
  objects: [],
  text: '',
  jql: '',
};

/** The whole page's address: which tab, the Activity view, and the record open in the drawer. */
export interface PageLocation {
  readonly tab: string;
  readonly view: ActivityView;
  readonly record?: string;
}

const LISTS = {
  actors: 'actor',
  groups: 'group',
  products: 'product',
  actions: 'action',
  containers: 'container',
  objects: 'object',
} as const satisfies Partial<Record<keyof ActivityView, string>>;

/** At most this many values per list are read from an address: the filter's own limits are higher. */
const MAX_VALUES = 200;

export function parseLocation(search: string, defaultTab: string): PageLocation {
  const params = new URLSearchParams(search);
  const list = (name: string) =>
    [
      ...new Set(
        params
          .getAll(name)
          .map((v) => v.trim())
          .filter((v) => v && v.length <= 200),
      ),
    ].slice(0, MAX_VALUES);
  const range = params.get('range');
  const view: ActivityView = {
    range: RANGE_PRESETS.some((p) => p.value === range) ? (range as RangePreset) : DEFAULT_RANGE,
    ...instantParam('from', params.get('from')),
    ...instantParam('to', params.get('to')),
    actors: list(LISTS.actors),
    groups: list(LISTS.groups),
    products: list(LISTS.products).filter((p): p is Product => p === 'jira' || p === 'confluence'),
    actions: list(LISTS.actions),
    containers: list(LISTS.containers),
    objects: list(LISTS.objects),
    text: (params.get('q') ?? '').slice(0, 200),
    jql: (params.get('jql') ?? '').slice(0, 10_000),
  };
  const record = params.get('record');
  return {
    tab: params.get('tab') || defaultTab,
    view: view.range === 'custom' ? view : withoutCustomRange(view),
    ...(record ? { record } : {}),
  };
}

function instantParam(name: 'from' | 'to', value: string | null): { from?: string } | { to?: string } {
  if (!value) return {};
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? { [name]: new Date(ms).toISOString() } : {};
}

function withoutCustomRange(view: ActivityView): ActivityView {
  const { from: _from, to: _to, ...rest } = view;
  return rest;
}

/**
 * The query string for a location: only what differs from the defaults, in a fixed order, so one view
 * always has one address (and pushing the same view twice adds no history entry).
 */
export function formatLocation(location: PageLocation, defaultTab: string): string {
  const params = new URLSearchParams();
  const { view } = location;
  if (location.tab !== defaultTab) params.set('tab', location.tab);
  if (view.range !== DEFAULT_RANGE) params.set('range', view.range);
  if (view.range === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  }
  for (const [field, name] of Object.entries(LISTS) as [keyof typeof LISTS, string][]) {
    for (const value of view[field]) params.append(name, value);
  }
  if (view.text.trim()) params.set('q', view.text.trim());
  if (view.jql.trim()) params.set('jql', view.jql.trim());
  if (location.record) params.set('record', location.record);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The `activity.query` filter for a view, with relative ranges resolved against `now`. */
export function toFilter(view: ActivityView, now: number): ActivityFilterInput {
  const filter: { -readonly [K in keyof ActivityFilterInput]: ActivityFilterInput[K] } = {};
  if (view.range === 'custom') {
    if (view.from) filter.from = view.from;
    if (view.to) filter.to = view.to;
  } else {
    filter.from = new Date(now - PRESET_MS[view.range]).toISOString();
    filter.to = new Date(now).toISOString();
  }
  if (view.actors.length) filter.actors = [...view.actors];
  if (view.groups.length) filter.groups = [...view.groups];
  if (view.products.length) filter.products = [...view.products];
  if (view.actions.length) filter.actions = [...view.actions];
  if (view.containers.length) filter.containers = [...view.containers];
  if (view.objects.length) filter.objects = [...view.objects];
  if (view.text.trim()) filter.text = view.text.trim();
  if (view.jql.trim()) filter.jql = view.jql.trim();
  return filter;
}

/** Whether anything narrows the view beyond the time range (for the empty state's advice). */
export function hasNarrowingFilters(view: ActivityView): boolean {
  return (
    Object.keys(LISTS).some((field) => view[field as keyof typeof LISTS].length > 0) ||
    view.text.trim() !== '' ||
    view.jql.trim() !== ''
  );
}

/** The view's own custom from and to, for a new view over the same time. */
export function customRange(view: ActivityView): Pick<ActivityView, 'from' | 'to'> {
  return { ...(view.from ? { from: view.from } : {}), ...(view.to ? { to: view.to } : {}) };
}

/** What `views.save` takes as a filter: the activity filter, with a relative range kept as chosen. */
export type SavedFilterInput = ActivityFilterInput & { readonly range?: Exclude<RangePreset, 'custom'> };

/** What a saved view keeps of a view: its filters, and its range as chosen (relative stays relative). */
export function toSavedFilter(view: ActivityView): SavedFilterInput {
  if (view.range === 'custom') return toFilter(view, 0);
  const { from: _from, to: _to, ...rest } = toFilter(view, 0);
  return { ...rest, range: view.range };
}

/** The view a saved filter opens: its range and filters, nothing else carried over. */
export function fromSavedFilter(filter: SavedFilter): ActivityView {
  const from = filter.from === undefined ? undefined : new Date(filter.from).toISOString();
  const to = filter.to === undefined ? undefined : new Date(filter.to).toISOString();
  return {
    range: filter.range ?? (from || to ? 'custom' : DEFAULT_RANGE),
    ...(filter.range === undefined && from ? { from } : {}),
    ...(filter.range === undefined && to ? { to } : {}),
    actors: filter.actors ?? [],
    groups: filter.groups ?? [],
    products: filter.products ?? [],
    actions: filter.actions ?? [],
    containers: filter.containers ?? [],
    objects: filter.objects ?? [],
    text: filter.text ?? '',
    jql: filter.jql ?? '',
  };
}
