import type { Product } from './audit-record';
import { recordId } from './record-id';

/**
 * The id of a record that a product names by a natural key: an issue's creation by the issue id, an
 * update by its changelog id, a comment's edit by the comment id and the edit's time, a page's version
 * by the page id and the version number. Live capture and the history backfill both derive ids here,
 * from parts the product event and the REST history share, so a change captured live and the same
 * change backfilled collapse into one row. Nothing delivery-specific (event time to the millisecond,
 * which account the payload names) is part of it.
 */
export function naturalRecordId(
  product: Product,
  action: string,
  object: { readonly type: string; readonly id: string },
  key: readonly (string | number)[],
): string {
  return recordId(['natural', product, action, object.type, object.id, ...key]);
}
