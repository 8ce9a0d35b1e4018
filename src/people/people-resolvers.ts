import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { searchGroups } from './group-search';
import { searchUsers } from './user-search';

/** What one types into a picker: empty lists the first few. */
export const searchPayloadSchema = z.object({ query: z.string().trim().max(100) }).strict();

/**
 * The admin page's pickers: groups and people by name. Admin-only like everything else (a group list
 * or a people directory is not for everyone); the product REST calls are made as the app.
 */
export const peopleResolvers = {
  'groups.search': adminResolver(searchPayloadSchema, ({ query }) => searchGroups(query)),
  'people.search': adminResolver(searchPayloadSchema, ({ query }) =>
    query === '' ? Promise.resolve([]) : searchUsers(query),
  ),
};
