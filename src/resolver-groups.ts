/**
 * Every capability's resolvers, as src/index.ts registers them for the admin page. One list, so a check
 * over all registered keys (the licence table's test) cannot miss a group added later.
 */
import { settingsResolvers } from './settings/settings-resolvers';
import { activityResolvers } from './activity/activity-resolvers';
import { peopleResolvers } from './people/people-resolvers';
import { chainResolvers } from './seal/chain-resolvers';
import { tokenResolvers } from './pull-api/token-resolvers';
import { destinationResolvers } from './forward/destination-resolvers';
import { insightsResolvers } from './insights/insights-resolvers';
import { storageResolvers } from './retention/storage-resolvers';
import { importResolvers } from './audit-import/import-resolvers';

export const resolverGroups = [
  settingsResolvers,
  activityResolvers,
  peopleResolvers,
  chainResolvers,
  tokenResolvers,
  destinationResolvers,
  insightsResolvers,
  storageResolvers,
  importResolvers,
] as const;
