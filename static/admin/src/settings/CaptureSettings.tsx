import Heading from '@atlaskit/heading';
import { RadioGroup } from '@atlaskit/radio';
import Toggle from '@atlaskit/toggle';
import type { Product, SettingsView } from '@contract';
import { PRODUCT_NAMES } from '../product-names';
import type { CaptureChange } from './capture-change';

interface Props {
  readonly settings: SettingsView;
  readonly onChange: (change: CaptureChange) => void;
  /** The product showing the page comes first. */
  readonly hostProduct: Product | undefined;
  /** Shown, not changeable: the licence is not active. */
  readonly readOnly: boolean;
}

const UGC_OPTIONS = [
  { label: 'Stored', value: 'stored' },
  { label: 'Not stored', value: 'not_stored' },
] as const;

const VIEWED: Readonly<Record<Product, string>> = {
  jira: 'issue views',
  confluence: 'page, blog post and attachment views',
};

/**
 * What Audit Trail records, per product: the products the caller administers only (the server refuses
 * the others anyway, and does not send their settings).
 */
export function CaptureSettings({ settings, onChange, hostProduct, readOnly }: Props) {
  const ordered: readonly Product[] =
    hostProduct === 'confluence' ? ['confluence', 'jira'] : ['jira', 'confluence'];
  const products = ordered.filter((p) => settings.products.includes(p));
  return (
    <section aria-labelledby="capture-settings">
      <Heading size="medium" as="h2" id="capture-settings">
        Capture settings
      </Heading>
      <p className="lead">
        Who did what to which item, and when, is always recorded. These choose what else is kept. A change
        reaches capture within a minute and applies to activity from then on.
      </p>
      {products.map((product) => (
        <ProductCapture
          key={product}
          product={product}
          settings={settings}
          onChange={onChange}
          readOnly={readOnly}
        />
      ))}
    </section>
  );
}

function ProductCapture({
  product,
  settings,
  onChange,
  readOnly,
}: {
  readonly product: Product;
  readonly settings: SettingsView;
  readonly onChange: (change: CaptureChange) => void;
  readonly readOnly: boolean;
}) {
  const id = (name: string) => `${product}-${name}`;
  return (
    <fieldset className="product">
      <legend>
        <Heading size="small" as="h3">
          {PRODUCT_NAMES[product]}
        </Heading>
      </legend>

      <div className="setting">
        <span className="label" id={id('ugc-label')}>
          Store content (titles, summaries, comment text, changed values)
        </span>
        <p className="description" id={id('ugc-description')}>
          When not stored, records keep ids, actions and times, but no text a person wrote.
        </p>
        <RadioGroup
          name={id('ugc')}
          aria-labelledby={id('ugc-label')}
          options={[...UGC_OPTIONS]}
          value={settings.ugc[product]}
          isDisabled={readOnly}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value === 'stored' || value === 'not_stored') onChange({ setting: 'ugc', product, value });
          }}
        />
      </div>

      <div className="setting">
        <div className="toggle-row">
          <label className="label" htmlFor={id('views')}>
            Record views
          </label>
          <Toggle
            id={id('views')}
            isChecked={settings.views[product]}
            isDisabled={readOnly}
            descriptionId={id('views-description')}
            onChange={(event) => onChange({ setting: 'views', product, value: event.currentTarget.checked })}
          />
          <span className="state" aria-hidden="true">
            {settings.views[product] ? 'On' : 'Off'}
          </span>
        </div>
        <p className="description" id={id('views-description')}>
          Records {VIEWED[product]}. View events are the largest share of all events and of the app's Forge
          compute, so they are off unless you need to know who looked at what.
        </p>
      </div>
    </fieldset>
  );
}
