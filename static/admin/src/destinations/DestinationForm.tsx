import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useState, type ReactNode } from 'react';
import { isDeclaredHost, type DestinationView, type Product } from '@contract';
import type { ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { saveDestination, type DestinationDraft } from './destinations-api';
import {
  FORMATS,
  generateWebhookSecret,
  TYPE_ORDER,
  TYPES,
  type DestinationType,
  type FormatName,
} from './destination-types';

interface Props {
  /** The destination to edit; absent to add one. */
  readonly existing?: DestinationView;
  /** The products the caller administers: the only ones offered (the server refuses the others). */
  readonly products: readonly Product[];
  readonly onSaved: (saved: DestinationView) => void;
  readonly onClose: () => void;
}

interface FormState {
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

function initial(
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
function toDraft(state: FormState, existing: DestinationView | undefined): DestinationDraft {
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

/** Add or edit a destination. The stored secret is never shown: leave the field empty to keep it. */
export function DestinationForm({ existing, products, onSaved, onClose }: Props) {
  const host = useHost();
  const siteHost = host.siteUrl ? new URL(host.siteUrl).hostname : '';
  const [state, setState] = useState<FormState>(() => initial(existing, siteHost, products));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [generated, setGenerated] = useState<string | undefined>(undefined);
  const info = TYPES[state.type];
  const set = (patch: Partial<FormState>) => setState((s) => ({ ...s, ...patch }));
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);

  const submit = async () => {
    setSaving(true);
    setError(undefined);
    const answer = await saveDestination(toDraft(state, existing));
    setSaving(false);
    if (answer.ok) onSaved(answer.value);
    else setError(answer.error);
  };

  return (
    <Modal onClose={onClose} width="large" label={existing ? `Edit ${existing.name}` : 'Add a destination'}>
      <ModalHeader>
        <ModalTitle>{existing ? `Edit ${existing.name}` : 'Add a destination'}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <form
          className="destination-form"
          id="destination-form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {error && !error.field && (
            <ErrorNotice error={error} title="The destination was not saved" product={host.product} />
          )}
          <Field id="destination-type" label="Type">
            <Select
              inputId="destination-type"
              options={TYPE_ORDER.map((type) => ({ value: type, label: TYPES[type].label }))}
              value={{ value: state.type, label: info.label }}
              isDisabled={Boolean(existing)}
              onChange={(option) => {
                if (!option) return;
                const type = option.value;
                set({ type, format: existing ? state.format : TYPES[type].suggestedFormat, options: {} });
              }}
            />
          </Field>
          <Field id="destination-name" label="Name" error={fieldError('name')}>
            <Textfield
              id="destination-name"
              value={state.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
            />
          </Field>
          <Field id="destination-url" label={info.urlLabel} help={info.urlHelp} error={fieldError('url')}>
            <Textfield
              id="destination-url"
              value={state.url}
              placeholder={info.urlPlaceholder}
              onChange={(e) => set({ url: e.currentTarget.value })}
            />
            <EgressHint url={state.url} />
          </Field>
          <Field
            id="destination-secret"
            label={info.secretLabel}
            help={
              existing?.secret
                ? `Stored: ${existing.secret}. Leave empty to keep it. ${info.secretHelp}`
                : info.secretHelp
            }
            error={fieldError('secret')}
          >
            <Textfield
              id="destination-secret"
              type="password"
              autoComplete="new-password"
              value={state.secret}
              onChange={(e) => set({ secret: e.currentTarget.value })}
            />
          </Field>
          {info.generatesSecret && (
            <div className="generate-secret">
              <Button
                onClick={() => {
                  const secret = generateWebhookSecret();
                  setGenerated(secret);
                  set({ secret });
                }}
              >
                Generate a signing secret
              </Button>
              {generated && (
                <p className="description" role="status">
                  Give this secret to the receiver now; it is not shown again: <code>{generated}</code>
                </p>
              )}
            </div>
          )}
          {info.options.map((field) => (
            <Field
              key={`${state.type}-${field.key}`}
              id={`option-${field.key}`}
              label={field.required ? field.label : `${field.label} (optional)`}
              help={field.help}
              error={fieldError(`options.${field.key}`)}
            >
              <Textfield
                id={`option-${field.key}`}
                value={state.options[field.key] ?? ''}
                placeholder={field.placeholder}
                onChange={(e) => set({ options: { ...state.options, [field.key]: e.currentTarget.value } })}
              />
            </Field>
          ))}
          <Field id="destination-format" label="Format" error={fieldError('format')}>
            <Select
              inputId="destination-format"
              options={FORMATS.map((f) => ({ value: f.value, label: f.label }))}
              value={FORMATS.map((f) => ({ value: f.value, label: f.label })).find(
                (f) => f.value === state.format,
              )}
              onChange={(option) => option && set({ format: option.value })}
            />
          </Field>
          <fieldset className="destination-filter">
            <legend className="label">Send</legend>
            {products.includes('jira') && (
              <Checkbox
                label="Jira activity"
                isChecked={state.products.length === 0 || state.products.includes('jira')}
                onChange={(e) =>
                  set({ products: toggleProduct(state.products, 'jira', e.currentTarget.checked) })
                }
              />
            )}
            {products.includes('confluence') && (
              <Checkbox
                label="Confluence activity"
                isChecked={state.products.length === 0 || state.products.includes('confluence')}
                onChange={(e) =>
                  set({ products: toggleProduct(state.products, 'confluence', e.currentTarget.checked) })
                }
              />
            )}
            <Field
              id="destination-actions"
              label="Only these actions (optional)"
              help="Comma-separated, e.g. issue.deleted, page.*, space.permissions_updated. Empty: every action."
              error={fieldError('filter.actions') ?? fieldError('filter')}
            >
              <Textfield
                id="destination-actions"
                value={state.actions}
                onChange={(e) => set({ actions: e.currentTarget.value })}
              />
            </Field>
          </fieldset>
          <div className="toggle-row">
            <Toggle
              id="destination-enabled"
              isChecked={state.enabled}
              onChange={(e) => set({ enabled: e.currentTarget.checked })}
            />
            <label htmlFor="destination-enabled">Enabled</label>
          </div>
          <Checkbox
            label="Required before retention may delete: records are kept until this destination has them"
            isChecked={state.required}
            onChange={(e) => set({ required: e.currentTarget.checked })}
          />
        </form>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="primary" type="submit" form="destination-form" isLoading={saving}>
          Save
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * Says, as the admin types, whether the app may reach the URL's host already (a SaaS SIEM host the app
 * declares) or the admin must approve it after saving (self-hosted, customer-managed egress). The saved
 * destination's own answer (`egress`) is what the page acts on; this is the preview.
 */
function EgressHint({ url }: { readonly url: string }) {
  let host: string;
  try {
    host = new URL(url.trim()).hostname;
  } catch {
    return null; // not a URL yet
  }
  return (
    <p className="description egress-hint">
      {isDeclaredHost(host)
        ? `${host}: allowed by the app (no approval needed).`
        : `${host}: needs egress approval (self-hosted). After saving, Atlassian asks you to approve it.`}
    </p>
  );
}

/** All products selected is the same as none: no product filter. */
function toggleProduct(current: readonly Product[], product: Product, on: boolean): readonly Product[] {
  const all: readonly Product[] = ['jira', 'confluence'];
  const selected = new Set(current.length ? current : all);
  if (on) selected.add(product);
  else selected.delete(product);
  // At least one product: a destination that sends nothing is switched off with "Enabled" instead.
  if (selected.size === 0) return current;
  return selected.size === all.length ? [] : [...selected];
}

function Field({
  id,
  label,
  help,
  error,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly help?: string | undefined;
  readonly error?: string | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className="setting">
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {help && <p className="description">{help}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
