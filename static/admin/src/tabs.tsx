import { lazy, type ReactNode } from 'react';
import { ActivityTab } from './activity/ActivityTab';
import type { ActivityView, PageLocation } from './activity/view-state';
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
  { id: 'insights', label: 'Insights', render: () => <InsightsTab /> },
  { id: 'storage', label: 'Storage', render: () => <StorageTab /> },
  { id: 'alerts', label: 'Alerts', render: () => <AlertsTab /> },
];
