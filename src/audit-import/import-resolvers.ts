import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { readJobState } from '../schedule/job-state';
import { store } from '../store/database';
import type { ImportState } from './import-pass';

export const importResolvers = {
  /** `{}` → where the native audit import stands per product (src/audit-import/import-pass.ts). */
  'auditImport.status': adminResolver(z.object({}).strict(), async (): Promise<ImportState> =>
    readJobState<ImportState>(store(), 'audit-import'),
  ),
};
