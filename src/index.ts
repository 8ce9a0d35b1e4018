/**
 * The Forge handlers named in manifest.yml, and nothing else: each capability lives in its own folder.
 */
import Resolver from '@forge/resolver';
import { captureEvent } from './capture/capture-event';
import { settingsResolvers } from './settings/settings-resolvers';
import { schemaJob } from './schedule/schema-job';

/** Product-event triggers (every Jira and Confluence family, views in their own modules). */
export const capture = (event: unknown) => captureEvent(event);

/** The `schema` scheduled trigger. */
export const schema = () => schemaJob();

const resolvers = new Resolver();
for (const [key, fn] of Object.entries({ ...settingsResolvers })) resolvers.define(key, fn);

/** The admin page's resolvers (`jira:adminPage` and `confluence:globalSettings`). */
export const resolver = resolvers.getDefinitions();
