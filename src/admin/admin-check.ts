import { asUser, route } from '@forge/api';
import type { Product } from '../record/audit-record';

/**
 * Whether the calling user administers the product the page runs in, asked of the product as that user
 * on every call (an admin whose rights were revoked a minute ago must not keep access from a cache).
 * Jira: the ADMINISTER global permission. Confluence: the "administer" application operation of the
 * current user, which only Confluence administrators have.
 */
export async function callerIsAdmin(product: Product): Promise<boolean> {
  if (product === 'jira') {
    const response = await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
    if (!response.ok) return false;
    const body = (await response.json()) as { permissions?: { ADMINISTER?: { havePermission?: unknown } } };
    return body.permissions?.ADMINISTER?.havePermission === true;
  }
  const response = await asUser().requestConfluence(route`/wiki/rest/api/user/current?expand=operations`);
  if (!response.ok) return false;
  const body = (await response.json()) as { operations?: { operation?: unknown; targetType?: unknown }[] };
  return (body.operations ?? []).some(
    (op) => op.operation === 'administer' && op.targetType === 'application',
  );
}
