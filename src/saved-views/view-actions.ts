/**
 * The actions the app records about its own saved views, so the audit trail also answers who saved,
 * changed or deleted a shared view. `source.event` tells them apart from the products' events.
 */
export const SAVED_VIEW_ACTIONS = {
  created: 'saved_view.created',
  updated: 'saved_view.updated',
  deleted: 'saved_view.deleted',
} as const;

export const SAVED_VIEW_SOURCE = 'audit-trail:saved-views';
