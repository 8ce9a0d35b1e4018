import { handleConfluence } from './fake-confluence';
import { handleHistory } from './fake-history';
import { handleJira } from './fake-jira';
import { jiraError } from './jira-json';
import { parseRequest, type SiteRequest, type SiteResponse } from './rest-support';
import type { Site } from './site-model';

export type { SiteRequest, SiteResponse } from './rest-support';

/**
 * Answers one Jira or Confluence REST call from the fake site, as the Cloud APIs would: same paths,
 * parameters, response shapes and error bodies. Pure: the site is never changed, so any number of
 * sandbox requests can share one.
 *
 * The Forge runtime stand-in calls this for `requestJira` / `requestConfluence`, passing who the call is
 * made as (`asUser(accountId)` or `asApp()`) and the admin set.
 */
export function handleSiteRequest(site: Site, request: SiteRequest): SiteResponse {
  const req = parseRequest(site, request);
  const history = handleHistory(req);
  if (history !== null) return history;
  if (request.product === 'confluence') {
    // Confluence lives under /wiki on a site; requestConfluence paths always start with it.
    return handleConfluence(req);
  }
  if (!req.pathname.startsWith('/rest/')) return jiraError(404, `No Jira REST resource at ${req.pathname}`);
  return handleJira(req);
}
