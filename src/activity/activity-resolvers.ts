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
import { requireEveryProduct } from '../admin/product-scope';
import { exportActivity } from './export-activity';
import { lookupPeople, type Person } from '../people/people-lookup';
import { activityForObject, getRecord, queryActivity } from './query-activity';

/** What `people.lookup` answers: the people behind the account ids asked for, by account id. */
export interface PeopleLookup {
  readonly people: Readonly<Record<string, Person>>;
}

/**
 * The admin page's activity resolvers: search, facets, one record, one object's trail, export, and the
 * names behind account ids. Thin shells: admin check and payload validation in `adminResolver`, the
 * work in the functions they call, which read only the records of the products the caller administers.
 */
export const activityResolvers = {
  'activity.query': adminResolver(queryPayloadSchema, (input, { products }) =>
    queryActivity(store(), input, { products }),
  ),
  'activity.facets': adminResolver(facetsPayloadSchema, (input, { products }) =>
    activityFacets(store(), input, { products }),
  ),
  'activity.get': adminResolver(getPayloadSchema, ({ id }, { products }) => getRecord(store(), id, products)),
  'activity.forObject': adminResolver(forObjectPayloadSchema, (input, { products }) =>
    activityForObject(store(), input, { products }),
  ),
  'activity.export': adminResolver(exportPayloadSchema, (input, caller) => {
    // A Parquet file is the whole log, every product's records in one chain.
    if (input.format === 'parquet') requireEveryProduct(caller, 'A Parquet export', 'format');
    return exportActivity(store(), input, { products: caller.products });
  }),
  'people.lookup': adminResolver(
    peopleLookupPayloadSchema,
    async ({ accountIds }): Promise<PeopleLookup> => ({
      people: await lookupPeople(accountIds),
    }),
  ),
};
