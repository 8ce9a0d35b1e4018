/**
 * Every capability's resolvers, as src/index.ts registers them for the admin page. One list, so a check
 * over all registered keys (the licence table's test) cannot miss a group added later. The list is
 * checked against the resolver contract: each key registered with the contract's payload schema and
 * answer, and the keys exactly the contract's.
 */
import type { ContractResolvers, CoveringTheContract } from './contract/resolver-contract';
import { settingsResolvers } from './settings/settings-resolvers';
import { activityResolvers } from './activity/activity-resolvers';
import { peopleResolvers } from './people/people-resolvers';
import { chainResolvers } from './seal/chain-resolvers';
import { tokenResolvers } from './pull-api/token-resolvers';
import { destinationResolvers } from './forward/destination-resolvers';
import { insightsResolvers } from './insights/insights-resolvers';
import { storageResolvers } from './retention/storage-resolvers';
import { importResolvers } from './audit-import/import-resolvers';
import { backfillResolvers } from './backfill/backfill-resolvers';
import { savedViewResolvers } from './saved-views/saved-view-resolvers';
import { detectResolvers } from './detect/detect-resolvers';

const groups = [
  settingsResolvers,
  activityResolvers,
  peopleResolvers,
  chainResolvers,
  tokenResolvers,
  destinationResolvers,
  insightsResolvers,
  storageResolvers,
  importResolvers,
  backfillResolvers,
  savedViewResolvers,
  detectResolvers,
] as const satisfies readonly Partial<ContractResolvers>[];

export const resolverGroups: CoveringTheContract<typeof groups> = groups;
