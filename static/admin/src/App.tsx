import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { formatLocation, parseLocation, type PageLocation } from './activity/view-state';
import { useHost } from './host-context';
import { openPageHistory, type PageHistory } from './page-history';
import { getSettings } from './api';
import { ErrorNotice } from './ErrorNotice';
import { useResolver } from './resolver/use-resolver';
import { TABS } from './tabs';

const ObjectTrail = lazy(() => import('./object-trail/ObjectTrail'));
const LicenceBanner = lazy(() => import('./LicenceBanner').then((m) => ({ default: m.LicenceBanner })));

/**
 * Everything the `admin` resource shows: the admin page (`jira:adminPage`, `confluence:globalSettings`)
 * or, on an issue or a page, the trail of that one object.
 */
export function App() {
  const host = useHost();
  if (host.view.kind !== 'admin') {
    return (
      <Suspense fallback={null}>
        <ObjectTrail view={host.view} />
      </Suspense>
    );
  }
  return <AdminPage />;
}

const DEFAULT_TAB = TABS[0]?.id ?? 'activity';

/** The admin page: its tabs, with the page's state in its address (see activity/view-state.ts). */
function AdminPage() {
  const host = useHost();
  const [history, setHistory] = useState<PageHistory | undefined>(undefined);
  // The query string, and when it last changed: relative time ranges are resolved against that instant.
  const [address, setAddress] = useState({ search: '', at: 0 });

  useEffect(() => {
    let stop: (() => void) | undefined;
    let current = true;
    void openPageHistory().then((opened) => {
      if (!current) return;
      const follow = (search: string) => setAddress({ search, at: Date.now() });
      setHistory(opened);
      follow(opened.search());
      stop = opened.listen(follow);
      // One view, one address: an address with unknown or default values is rewritten in place.
      const canonical = formatLocation(parseLocation(opened.search(), DEFAULT_TAB), DEFAULT_TAB);
      if (canonical !== opened.search()) opened.replace(canonical);
    });
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  // Not an admin: the refusal alone, not tabs that would each be refused in turn.
  const access = useResolver(getSettings, 'access');
  const refused = access.state === 'failed' && access.error.code === 'FORBIDDEN' ? access.error : undefined;

  const location = useMemo(() => parseLocation(address.search, DEFAULT_TAB), [address.search]);
  const navigate = useCallback(
    (next: PageLocation) => {
      if (!history) return;
      const nextSearch = formatLocation(next, DEFAULT_TAB);
      if (nextSearch !== history.search()) history.push(nextSearch);
    },
    [history],
  );
  const selected = Math.max(
    0,
    TABS.findIndex((t) => t.id === location.tab),
  );

  return (
    <main className="page">
      <Heading size="xlarge" as="h1">
        Audit Trail
      </Heading>
      {host.licenceInactive && (
        <Suspense fallback={null}>
          <LicenceBanner product={host.product} />
        </Suspense>
      )}
      {refused ? (
        <ErrorNotice error={refused} title="" product={host.product} />
      ) : !history || access.state === 'loading' ? (
        <div className="loading">
          <Spinner size="large" label="Loading Audit Trail" />
        </div>
      ) : (
        <Tabs
          id="audit-trail"
          selected={selected}
          onChange={(index) => navigate({ ...location, tab: TABS[index]?.id ?? DEFAULT_TAB })}
        >
          <TabList>
            {TABS.map((tab) => (
              <Tab key={tab.id}>{tab.label}</Tab>
            ))}
          </TabList>
          {TABS.map((tab) => (
            <TabPanel key={tab.id}>
              <div className="tab-panel">
                <Suspense
                  fallback={
                    <div className="loading">
                      <Spinner size="large" label={`Loading ${tab.label}`} />
                    </div>
                  }
                >
                  {tab.render({ location, changedAt: address.at, navigate })}
                </Suspense>
              </div>
            </TabPanel>
          ))}
        </Tabs>
      )}
    </main>
  );
}
