import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ActivityFacets, Product } from '@contract';
import { PRODUCT_NAMES } from '../product-names';
import { JqlFilterRow } from './JqlFilterRow';
import { ActionPicker, ContainerPicker, GroupPicker } from './pickers';
import { UserPicker } from './UserPicker';
import { RANGE_PRESETS, type ActivityView, type RangePreset } from './view-state';

const CustomRange = lazy(() => import('./CustomRange'));

interface Props {
  readonly view: ActivityView;
  /** A new view (a new entry in the page's history, so Back undoes it). */
  readonly onChange: (view: ActivityView) => void;
  readonly facets: ActivityFacets | undefined;
  /** The options could not be loaded: the pickers stop showing that they are loading. */
  readonly facetsFailed?: boolean;
  /** Jira's own message when the JQL is not valid; shown under the field. */
  readonly jqlError?: string;
}

interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
}

const PRODUCT_CHOICES: readonly Choice<'' | Product>[] = [
  { value: '', label: 'Jira and Confluence' },
  { value: 'jira', label: PRODUCT_NAMES.jira },
  { value: 'confluence', label: PRODUCT_NAMES.confluence },
];

/** How long typing in the search box pauses before the log follows it. */
const TEXT_DEBOUNCE_MS = 500;

/**
 * Every filter of the log. Each change is a new view (and a new address, so Back undoes it); typing in
 * the search box applies after a pause, the JQL when Enter is pressed or Apply clicked (a half-typed JQL
 * query is always invalid).
 */
export function FilterBar({ view, onChange, facets, facetsFailed = false, jqlError }: Props) {
  const set = (patch: Partial<ActivityView>) => onChange({ ...view, ...patch });
  const [text, setText] = useState(view.text);
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Back/Forward or "Clear filters" changed the view: show what it holds.
  const [shown, setShown] = useState(view.text);
  if (shown !== view.text) {
    setShown(view.text);
    setText(view.text);
  }
  useEffect(() => () => clearTimeout(typing.current), []);

  const onText = (value: string) => {
    setText(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => {
      if (value.trim() !== view.text.trim()) set({ text: value });
    }, TEXT_DEBOUNCE_MS);
  };
  const applyText = (event: FormEvent) => {
    event.preventDefault();
    clearTimeout(typing.current);
    if (text.trim() !== view.text.trim()) set({ text });
  };

  const range = RANGE_PRESETS.find((p) => p.value === view.range) ?? RANGE_PRESETS[0];
  const product: Choice<'' | Product> =
    view.products.length === 1
      ? (PRODUCT_CHOICES.find((c) => c.value === view.products[0]) ?? PRODUCT_CHOICES[0]!)
      : PRODUCT_CHOICES[0]!;

  // Opened by the admin, or because the view uses one of the filters it holds.
  const moreInUse = view.groups.length + view.containers.length + (view.jql.trim() ? 1 : 0);
  const [moreOpen, setMoreOpen] = useState(moreInUse > 0);
  const showMore = moreOpen || moreInUse > 0;

  return (
    <section className="filters" aria-label="Filters">
      <div className="filter-row">
        <div className="field field-range">
          <label className="field-label" htmlFor="filter-range">
            Time
          </label>
          <Select<Choice<RangePreset>>
            inputId="filter-range"
            options={RANGE_PRESETS}
            value={range}
            isSearchable={false}
            spacing="compact"
            onChange={(choice: Choice<RangePreset> | null) => {
              if (!choice || choice.value === view.range) return;
              const { from: _from, to: _to, ...rest } = view;
              onChange({ ...rest, range: choice.value });
            }}
          />
        </div>
        {view.range === 'custom' && (
          <Suspense fallback={<Spinner size="small" label="Loading the date pickers" />}>
            <CustomRange
              {...(view.from ? { from: view.from } : {})}
              {...(view.to ? { to: view.to } : {})}
              onChange={({ from, to }) => {
                const { from: _from, to: _to, ...rest } = view;
                onChange({ ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}) });
              }}
            />
          </Suspense>
        )}
        <div className="field field-product">
          <label className="field-label" htmlFor="filter-product">
            Product
          </label>
          <Select<Choice<'' | Product>>
            inputId="filter-product"
            options={PRODUCT_CHOICES}
            value={product}
            isSearchable={false}
            spacing="compact"
            onChange={(choice: Choice<'' | Product> | null) =>
              set({ products: choice?.value ? [choice.value] : [] })
            }
          />
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor="filter-actors">
            People
          </label>
          <UserPicker
            id="filter-actors"
            values={view.actors}
            onChange={(actors) => set({ actors })}
            placeholder="Anyone"
            facets={facets?.actors ?? (facetsFailed ? [] : undefined)}
          />
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor="filter-actions">
            Actions
          </label>
          <ActionPicker
            id="filter-actions"
            values={view.actions}
            onChange={(actions) => set({ actions })}
            placeholder="Any action"
            facets={facets?.actions ?? (facetsFailed ? [] : undefined)}
            partial={facets?.partial ? { from: facets.from, to: facets.to } : undefined}
          />
        </div>
        <form className="field field-wide" role="search" onSubmit={applyText}>
          <label className="field-label" htmlFor="filter-text">
            Search
          </label>
          <Textfield
            id="filter-text"
            value={text}
            onChange={(event) => onText(event.currentTarget.value)}
            placeholder="Person, issue key, title or action"
            maxLength={200}
            isCompact
          />
        </form>
        <div className="filter-buttons">
          <Button
            appearance="subtle"
            aria-expanded={showMore}
            aria-controls="more-filters"
            isDisabled={moreInUse > 0}
            onClick={() => setMoreOpen(!moreOpen)}
          >
            {showMore ? 'Fewer filters' : 'More filters'}
            {moreInUse > 0 ? ` (${moreInUse})` : ''}
          </Button>
        </div>
      </div>
      {showMore && (
        <div id="more-filters" className="more-filters">
          <div className="filter-row">
            <div className="field field-wide">
              <label className="field-label" htmlFor="filter-groups">
                Groups
              </label>
              <GroupPicker
                id="filter-groups"
                values={view.groups}
                onChange={(groups) => set({ groups })}
                placeholder="Any group"
              />
            </div>
            <div className="field field-wide">
              <label className="field-label" htmlFor="filter-containers">
                Projects and spaces
              </label>
              <ContainerPicker
                id="filter-containers"
                values={view.containers}
                onChange={(containers) => set({ containers })}
                placeholder="Any project or space"
                facets={facets?.containers ?? (facetsFailed ? [] : undefined)}
              />
            </div>
          </div>
          <JqlFilterRow view={view} onChange={onChange} jqlError={jqlError} />
        </div>
      )}
    </section>
  );
}
