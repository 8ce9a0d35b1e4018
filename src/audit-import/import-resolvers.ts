import { adminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import { readJobState } from '../jobs/job-state';
import { PRODUCTS } from '../record/audit-record';
import { store } from '../store/database';
import { importStateParts, type ImportState } from './import-pass';

export const importResolvers = {
  /**
   * `{}` → where the native audit import stands per product (src/audit-import/import-pass.ts), for the
   * products the caller administers only.
   */
  'auditImport.status': adminResolver(emptyPayloadSchema, async (_input, caller): Promise<ImportState> => {
    const state = await readJobState(store(), 'audit-import', importStateParts);
    return Object.fromEntries(
      PRODUCTS.flatMap((p) => (caller.products.has(p) && state[p] ? [[p, state[p]]] : [])),
    ) as ImportState;
  }),
};
