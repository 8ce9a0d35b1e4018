/**
 * Type-level tests of the resolver contract (src/contract/): `tsc` checks this file in `npm run
 * typecheck`; jest does not run it (nothing here runs). Each `@ts-expect-error` fails the type-check
 * once the error it expects is gone, so a contract that stopped catching a mismatch fails here.
 */
import { getPayloadSchema } from '../../src/activity/activity-payloads';
import { adminResolver, emptyPayloadSchema } from '../../src/admin/admin-resolver';
import type { ContractResolvers, CoveringTheContract } from '../../src/contract/resolver-contract';
import type { AuditRecord } from '../../src/record/audit-record';
import { resolverGroups } from '../../src/resolver-groups';
import type { SettingsView } from '../../src/settings/settings';
import { settingsResolvers } from '../../src/settings/settings-resolvers';
import { call } from '../../static/admin/src/api';

declare const record: AuditRecord;
declare const settingsView: SettingsView;

// The server: a key registered as the contract says type-checks…
const asContracted = { 'activity.get': adminResolver(getPayloadSchema, () => Promise.resolve(record)) };
const _asContracted: Partial<ContractResolvers> = asContracted;

// …one registered with another payload schema does not…
const otherPayload = { 'activity.get': adminResolver(emptyPayloadSchema, () => Promise.resolve(record)) };
// @ts-expect-error `activity.get` takes `{ id }`, not `{}`
const _otherPayload: Partial<ContractResolvers> = otherPayload;

// …nor one whose schema takes more than the contract's (which plain assignability would let pass)…
const widerPayload = {
  'settings.get': adminResolver(getPayloadSchema, () => Promise.resolve(settingsView)),
};
// @ts-expect-error `settings.get` takes `{}`, not `{ id }`
const _widerPayload: Partial<ContractResolvers> = widerPayload;

// …nor one whose body answers something else.
const otherResult = { 'activity.get': adminResolver(getPayloadSchema, ({ id }) => Promise.resolve(id)) };
// @ts-expect-error `activity.get` answers a record, not a string
const _otherResult: Partial<ContractResolvers> = otherResult;

// The groups must register every key of the contract…
const missing = [settingsResolvers] as const;
// @ts-expect-error the settings alone leave most keys unregistered
const _missing: CoveringTheContract<typeof missing> = missing;

// …and none it does not declare.
const extra = [
  ...resolverGroups,
  { 'activity.undeclared': adminResolver(emptyPayloadSchema, () => Promise.resolve(record)) },
] as const;
// @ts-expect-error `activity.undeclared` is not in the contract
const _extra: CoveringTheContract<typeof extra> = extra;

// The page: `call` takes the contract's keys and payloads, and answers the contract's result.
async function _page(): Promise<void> {
  // @ts-expect-error no such resolver
  await call('activity.undeclared', {});
  // @ts-expect-error `id` is a string
  await call('activity.get', { id: 1 });
  // @ts-expect-error `activity.get` takes no `cursor`
  await call('activity.get', { id: 'r1', cursor: 'c' });
  const answer = await call('activity.get', { id: 'r1' });
  if (answer.ok) {
    const _record: AuditRecord = answer.value;
    // @ts-expect-error a record, not a page of them
    const _items: unknown = answer.value.items;
  }
}
