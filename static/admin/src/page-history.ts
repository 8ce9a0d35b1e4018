import { view } from '@forge/bridge';

/**
 * The page's address, as far as the page may touch it: the query string. On Jira and Confluence admin
 * pages that is `view.createHistory()`, which writes into the host's own address bar (the app runs in an
 * iframe and cannot); anywhere it is not offered, the iframe's `window.history`.
 */
export interface PageHistory {
  /** The current query string, `?a=b` or ''. */
  readonly search: () => string;
  /** A new entry (Back returns to the previous view). */
  readonly push: (search: string) => void;
  /** Same entry, new address (e.g. after a value is normalised). */
  readonly replace: (search: string) => void;
  /** Called with the new query string after Back/Forward (and after push/replace); returns unlisten. */
  readonly listen: (listener: (search: string) => void) => () => void;
}

/** The subset of the `history` package's object that the bridge returns (v4 and v5 differ in `listen`). */
interface HostHistory {
  location: { pathname?: string; search?: string };
  push(to: { pathname: string; search: string }): void;
  replace(to: { pathname: string; search: string }): void;
  listen(listener: (update: unknown) => void): () => void;
}

export async function openPageHistory(): Promise<PageHistory> {
  try {
    const host = (await view.createHistory()) as unknown as HostHistory | undefined;
    if (host && typeof host.push === 'function' && typeof host.listen === 'function') return fromHost(host);
  } catch {
    // Not offered by this module or host: fall through.
  }
  return fromWindow();
}

function fromHost(host: HostHistory): PageHistory {
  const pathname = () => host.location?.pathname || '/';
  const search = () => host.location?.search ?? '';
  return {
    search,
    push: (next) => host.push({ pathname: pathname(), search: next }),
    replace: (next) => host.replace({ pathname: pathname(), search: next }),
    listen: (listener) =>
      host.listen((update) => {
        // history v4 passes the location, v5 `{ action, location }`.
        const location = (update as { location?: { search?: string } })?.location ?? update;
        const next = (location as { search?: string } | undefined)?.search;
        listener(typeof next === 'string' ? next : search());
      }),
  };
}

function fromWindow(): PageHistory {
  const listeners = new Set<(search: string) => void>();
  const notify = () => listeners.forEach((l) => l(window.location.search));
  const address = (search: string) => `${window.location.pathname}${search}${window.location.hash}`;
  return {
    search: () => window.location.search,
    push: (search) => {
      window.history.pushState(null, '', address(search));
      notify();
    },
    replace: (search) => {
      window.history.replaceState(null, '', address(search));
      notify();
    },
    listen: (listener) => {
      listeners.add(listener);
      const onPop = () => listener(window.location.search);
      window.addEventListener('popstate', onPop);
      return () => {
        listeners.delete(listener);
        window.removeEventListener('popstate', onPop);
      };
    },
  };
}
