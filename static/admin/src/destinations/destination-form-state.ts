import type { DestinationView, Product } from '@contract';
import type { DestinationDraft } from './destinations-api';
import { TYPE_ORDER, TYPES, type DestinationType, type FormatName } from './destination-types';

/** What the destination form holds while the admin edits it. */
export interface FormState {
  readonly name: string;
  readonly type: DestinationType;
  readonly url: string;
  /** Empty: keep the stored secret. */
  readonly secret: string;
  readonly format: FormatName;
  readonly products: readonly Product[];
  readonly actions: string;
  readonly options: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly required: boolean;
}

export function initial(
  existing: DestinationView | undefined,
  siteHost: string,
  allowed: readonly Product[],
): FormState {
  if (!existing) {
    const type = TYPE_ORDER[0];
    return {
      name: '',
      type,
      url: '',
      secret: '',
      format: TYPES[type].suggestedFormat,
      // No choice means every product: an admin of only one starts with theirs.
      products: allowed.length < 2 ? allowed : [],
      actions: '',
      options: siteHost ? { host: siteHost } : {},
      enabled: true,
      required: false,
    };
  }
  return {
    name: existing.name,
    type: existing.type,
    url: existing.url,
    secret: '',
    format: existing.format,
    products: existing.filter.products ?? [],
    actions: (existing.filter.actions ?? []).join(', '),
    options: Object.fromEntries(Object.entries(existing.options).map(([k, v]) => [k, String(v)])),
    enabled: existing.enabled,
    required: existing.required,
  };
}

/** The draft the resolver validates: empty fields left out, so its defaults and the stored secret apply. */
export function toDraft(state: FormState, existing: DestinationView | undefined): DestinationDraft {
  const fields = TYPES[state.type].options;
  const options: Record<string, string | number> = {};
  for (const field of fields) {
    const value = state.options[field.key]?.trim();
    if (value) options[field.key] = field.numeric && /^\d+$/.test(value) ? Number(value) : value;
  }
  const actions = state.actions
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);
  return {
    ...(existing ? { id: existing.id } : {}),
    name: state.name.trim(),
    type: state.type,
    url: state.url.trim(),
    ...(state.secret.trim() ? { secret: state.secret.trim() } : {}),
    format: state.format,
    filter: {
      ...(state.products.length ? { products: state.products } : {}),
      ...(actions.length ? { actions } : {}),
    },
    options,
    enabled: state.enabled,
    required: state.required,
  };
}

/** All products selected is the same as none: no product filter. */
export function toggleProduct(
  current: readonly Product[],
  product: Product,
  on: boolean,
): readonly Product[] {
  const all: readonly Product[] = ['jira', 'confluence'];
  const selected = new Set(current.length ? current : all);
  if (on) selected.add(product);
  else selected.delete(product);
  // At least one product: a destination that sends nothing is switched off with "Enabled" instead.
  if (selected.size === 0) return current;
  return selected.size === all.length ? [] : [...selected];
}
