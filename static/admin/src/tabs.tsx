import { lazy, type ReactNode } from 'react';
import { ActivityTab } from './activity/ActivityTab';
import {
  EMPTY_VIEW,
  formatLocation,
  type ActivityView,
  type PageLocation,
  type RangePreset,
} from './activity/view-state';
import type { LogFilters } from './insights/log-link';
import { LazyDestinationsTab } from './destinations/LazyDestinationsTab';

// Tabs other than the first load when first opened (App wraps each in Suspense).
const SettingsTab = lazy(() => import('./settings/SettingsTab').then((m) => ({ default: m.SettingsTab })));
const InsightsTab = lazy(() => import('./insights/InsightsTab').then((m) => ({ default: m.InsightsTab })));
const AlertsTab = lazy(() => import('./alerts/AlertsTab').then((m) => ({ default: m.AlertsTab })));
const StorageTab = lazy(() => import('./storage/StorageTab').then((m) => ({ default: m.StorageTab })));

/** What a tab is given: the page's address, and the way to change it (a new history entry). */
export interface TabPage {
  readonly location: PageLocation;
  /** When the address last changed (epoch ms). */
  readonly changedAt: number;
  readonly navigate: (next: PageLocation) => void;
}

export interface TabEntry {
  /** In the address (`?tab=<id>`), so keep it stable. */
  readonly id: string;
  readonly label: string;
  readonly render: (page: TabPage) => ReactNode;
}

/**
 * The admin page's tabs, in order; the first is where the page opens. A new tab is one entry here; a
 * `lazy()` component keeps its code out of the page's first load.
 */
export const TABS: readonly TabEntry[] = [
  {
    id: 'activity',
    label: 'Activity',
    render: ({ location, changedAt, navigate }) => (
      <ActivityTab
        view={location.view}
        changedAt={changedAt}
        openRecord={location.record}
        onNavigate={(next: { view: ActivityView; record?: string }) =>
          navigate({ tab: location.tab, view: next.view, ...(next.record ? { record: next.record } : {}) })
        }
      />
    ),
  },
  { id: 'settings', label: 'Settings', render: () => <SettingsTab /> },
  { id: 'destinations', label: 'Destinations', render: () => <LazyDestinationsTab /> },
  {
    id: 'insights',
    label: 'Insights',
    render: ({ navigate }) => (
      <InsightsTab
        log={{
          href: (filters, days) => formatLocation(logLocation(filters, days, Date.now()), TABS[0]!.id),
          open: (filters, days) => navigate(logLocation(filters, days, Date.now())),
        }}
      />
    ),
  },
  { id: 'storage', label: 'Storage', render: () => <StorageTab /> },
  {
    id: 'alerts',
    label: 'Alerts',
    render: ({ navigate }) => (
      <AlertsTab
        log={{
          href: (view) => formatLocation({ tab: 'activity', view }, TABS[0]!.id),
          open: (view) => navigate({ tab: 'activity', view }),
        }}
      />
    ),
  },
];

const PRESET_DAYS: Readonly<Partial<Record<number, RangePreset>>> = {
  1: '24h',
  7: '7d',
  30: '30d',
  90: '90d',
};

/**
 * The Activity log filtered as an Insights row asks, over the same last `days` days: a preset where one
 * matches, else a custom range ending now. A new history entry: Back returns to Insights.
 */
function logLocation(filters: LogFilters, days: number, now: number): PageLocation {
  const preset = PRESET_DAYS[days];
  const range: Pick<ActivityView, 'range' | 'from'> = preset
    ? { range: preset }
    : { range: 'custom', from: new Date(now - days * 86_400_000).toISOString() };
  return {
    tab: 'activity',
    view: {
      ...EMPTY_VIEW,
      ...range,
      actors: [...(filters.actors ?? [])],
      containers: [...(filters.containers ?? [])],
    },
  };
}
