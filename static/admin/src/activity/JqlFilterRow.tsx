import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import { EMPTY_VIEW, hasNarrowingFilters, type ActivityView } from './view-state';

/**
 * The JQL field, applied when Enter is pressed or Apply clicked (a half-typed JQL query is always
 * invalid), and the button that clears every filter.
 */
export function JqlFilterRow({
  view,
  onChange,
  jqlError,
}: {
  readonly view: ActivityView;
  readonly onChange: (view: ActivityView) => void;
  /** Jira's own message when the JQL is not valid; shown under the field. */
  readonly jqlError: string | undefined;
}) {
  const [jql, setJql] = useState(view.jql);
  // Back/Forward or "Clear filters" changed the view: show what it holds.
  const [shown, setShown] = useState(view.jql);
  if (shown !== view.jql) {
    setShown(view.jql);
    setJql(view.jql);
  }
  const applyJql = (event: FormEvent) => {
    event.preventDefault();
    if (jql.trim() !== view.jql.trim()) onChange({ ...view, jql });
  };
  const jqlNote =
    'Narrows Jira records to the issues this JQL query matches. Confluence records stay in the results; choose Jira alone to see only the issues.';

  return (
    <form className="filter-row filter-jql" onSubmit={applyJql}>
      <div className="field field-grow">
        <label className="field-label" htmlFor="filter-jql">
          JQL
        </label>
        <Textfield
          id="filter-jql"
          className="jql-input"
          value={jql}
          onChange={(event) => setJql(event.currentTarget.value)}
          placeholder="e.g. project = PAY AND labels = security"
          isInvalid={Boolean(jqlError)}
          aria-invalid={Boolean(jqlError)}
          aria-describedby={jqlError ? 'filter-jql-error filter-jql-note' : 'filter-jql-note'}
          maxLength={10_000}
          isMonospaced
        />
        {jqlError ? (
          <p className="field-error" id="filter-jql-error">
            <strong>This JQL cannot be used:</strong> {jqlError} Correct it and press Enter, or clear the
            field.
          </p>
        ) : null}
        <p className="field-note" id="filter-jql-note">
          {jqlNote}
        </p>
      </div>
      <div className="filter-buttons">
        <Button type="submit" appearance="default">
          Apply JQL
        </Button>
        <Button
          appearance="subtle"
          isDisabled={!hasNarrowingFilters(view) && view.range === EMPTY_VIEW.range}
          onClick={() => onChange(EMPTY_VIEW)}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
