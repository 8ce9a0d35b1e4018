import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useState } from 'react';
import type { DestinationView, Product } from '@contract';
import type { ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { initial, toDraft, toggleProduct, type FormState } from './destination-form-state';
import { saveDestination } from './destinations-api';
import { FORMATS, generateWebhookSecret, TYPE_ORDER, TYPES } from './destination-types';
import { EgressHint } from './EgressHint';
import { Field } from './FormField';
import { withoutFieldKey } from '../field-message';

interface Props {
  /** The destination to edit; absent to add one. */
  readonly existing?: DestinationView;
  /** The products the caller administers: the only ones offered (the server refuses the others). */
  readonly products: readonly Product[];
  readonly onSaved: (saved: DestinationView) => void;
  readonly onClose: () => void;
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
  const fieldError = (field: string) => (error?.field === field ? withoutFieldKey(error) : undefined);

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
