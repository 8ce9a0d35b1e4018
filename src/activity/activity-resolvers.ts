import { adminResolver } from '../admin/admin-resolver';
import { store } from '../store/database';
import { activityFacets } from './activity-facets';
import {
  exportPayloadSchema,
  facetsPayloadSchema,
  forObjectPayloadSchema,
  getPayloadSchema,
  peopleLookupPayloadSchema,
  queryPayloadSchema,
} from './activity-payloads';
import { exportActivity } from './export-activity';
import { lookupPeople } from './people-lookup';
import { activityForObject, getRecord, queryActivity } from './query-activity';

/**
 * The admin page's activity resolvers: search, facets, one record, one object's trail, export, and the
 * names behind account ids. Thin shells: admin check and payload validation in `adminResolver`, the
 * work in the functions they call.
 */
export const activityResolvers = {
  'activity.query': adminResolver(queryPayloadSchema, (input) => queryActivity(store(), input)),
  'activity.facets': adminResolver(facetsPayloadSchema, (input) => activityFacets(store(), input)),
  'activity.get': adminResolver(getPayloadSchema, ({ id }) => getRecord(store(), id)),
  'activity.forObject': adminResolver(forObjectPayloadSchema, (input) => activityForObject(store(), input)),
  'activity.export': adminResolver(exportPayloadSchema, (input) => exportActivity(store(), input)),
  'people.lookup': adminResolver(peopleLookupPayloadSchema, async ({ accountIds }) => ({
    people: await lookupPeople(accountIds),
  })),
};
