import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { PRODUCTS } from '../record/audit-record';
import { readJobState } from '../jobs/job-state';
import { store } from '../store/database';
import type { ImportState } from './import-pass';

export const importResolvers = {
  /**
   * `{}` → where the native audit import stands per product (src/audit-import/import-pass.ts), for the
   * products the caller administers only.
   */
  'auditImport.status': adminResolver(z.object({}).strict(), async (_input, caller): Promise<ImportState> => {
    const state = await readJobState<ImportState>(store(), 'audit-import');
    return Object.fromEntries(
      PRODUCTS.flatMap((p) => (caller.products.has(p) && state[p] ? [[p, state[p]]] : [])),
    ) as ImportState;
  }),
};
