import { view } from '@forge/bridge';
import { createContext, useContext } from 'react';
import { licenceInactive, type Product } from '@contract';

/**
 * Where the page is showing, from `view.getContext()`. One resource serves every module in
 * manifest.yml, so what to render is decided here: the admin page (`jira:adminPage`,
 * `confluence:globalSettings`) or the trail of one object (`jira:issueContext` on an issue,
 * `confluence:contentBylineItem` on a page or blog post).
 */
export type HostView =
  | { readonly kind: 'admin' }
  | { readonly kind: 'issue'; readonly issueId: string; readonly issueKey?: string }
  | { readonly kind: 'content'; readonly contentId: string; readonly contentType?: string };

export interface HostContext {
  /** Undefined when the host does not say; the page then words things for both products. */
  readonly product: Product | undefined;
  readonly view: HostView;
  /** e.g. https://acme.atlassian.net; links to issues and pages are built on it. */
  readonly siteUrl: string;
  /** The user's own time zone and locale (their Atlassian profile), for every time shown. */
  readonly timeZone: string;
  readonly locale: string;
  /**
   * The Marketplace licence is there and not active: the page says it is read-only and disables its
   * changes. Display only: the resolvers refuse those changes on their own licence check.
   */
  readonly licenceInactive: boolean;
}

const FALLBACK: HostContext = {
  product: undefined,
  view: { kind: 'admin' },
  siteUrl: '',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  locale: typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US',
  licenceInactive: false,
};

export async function loadHostContext(): Promise<HostContext> {
  let raw: Awaited<ReturnType<typeof view.getContext>>;
  try {
    raw = await view.getContext();
  } catch {
    return FALLBACK;
  }
  const extension = (raw.extension ?? {}) as Record<string, unknown>;
  const type = typeof extension.type === 'string' ? extension.type : '';
  return {
    product: type.startsWith('confluence:') ? 'confluence' : type.startsWith('jira:') ? 'jira' : undefined,
    view: hostView(type, extension),
    siteUrl: typeof raw.siteUrl === 'string' ? raw.siteUrl.replace(/\/+$/, '') : '',
    timeZone: validTimeZone(raw.timezone) ?? FALLBACK.timeZone,
    locale: typeof raw.locale === 'string' && raw.locale ? raw.locale.replace('_', '-') : FALLBACK.locale,
    licenceInactive: licenceInactive(raw.license),
  };
}

function hostView(type: string, extension: Record<string, unknown>): HostView {
  const part = (name: string) => (extension[name] ?? {}) as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (type === 'jira:issueContext' || type === 'jira:issuePanel') {
    const issue = part('issue');
    const issueId = text(issue.id);
    if (issueId) return { kind: 'issue', issueId, ...(issue.key ? { issueKey: text(issue.key) } : {}) };
  }
  if (type === 'confluence:contentBylineItem') {
    const content = part('content');
    const contentId = text(content.id);
    if (contentId)
      return { kind: 'content', contentId, ...(content.type ? { contentType: text(content.type) } : {}) };
  }
  return { kind: 'admin' };
}

/** A time zone Intl accepts; an unknown one would make every date format throw. */
function validTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    return undefined;
  }
}

export const HostContextValue = createContext<HostContext>(FALLBACK);

export const useHost = () => useContext(HostContextValue);
