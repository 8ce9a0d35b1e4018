import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import type { SavedView } from '@contract';
import { deleteView, listViews, saveView, type ApiError } from '../api';
import { useHost } from '../host-context';
import { useResolver } from '../resolver/use-resolver';
import { Time } from '../time/Time';
import { fieldMessage } from '../field-message';
import { fromSavedFilter, toSavedFilter, type ActivityView } from './view-state';

/** The save form's fields, as the admin reads them: what a refusal naming a field says instead of its key. */
const FIELD_LABELS = { name: 'Name', filter: 'The current filters', id: 'The view' } as const;

/**
 * The site's saved views, shared by its admins: the current filters saved under a name, and every saved
 * view, opened in one click or deleted. A view holds only filters: opening one runs the log's normal
 * query, which shows only the products the admin administers.
 */
export default function SavedViews({
  view,
  onOpen,
  onClose,
}: {
  readonly view: ActivityView;
  readonly onOpen: (view: ActivityView) => void;
  readonly onClose: () => void;
}) {
  const { product } = useHost();
  const views = useResolver(listViews, 'views');
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const items: readonly SavedView[] = views.value?.items ?? [];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const existing = items.find((v) => v.name.toLowerCase() === name.trim().toLowerCase());
    const result = await saveView({
      ...(existing ? { id: existing.id } : {}),
      name,
      filter: toSavedFilter(view),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setSaved(
      existing ? `“${result.value.name}” now holds the current filters.` : `Saved “${result.value.name}”.`,
    );
    setName('');
    views.reload();
  };
  const remove = async (target: SavedView) => {
    const result = await deleteView(target.id);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setSaved(`Deleted “${target.name}”.`);
    views.reload();
  };

  return (
    <Modal onClose={onClose} label="Saved views" width="medium">
      <ModalHeader>
        <ModalTitle>Saved views</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <form className="saved-view-form" onSubmit={(e) => void save(e)} noValidate>
          <div className="field field-grow">
            <label className="field-label" htmlFor="saved-view-name">
              Name
            </label>
            <Textfield
              id="saved-view-name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="e.g. Deleted issues this week"
              maxLength={100}
              isInvalid={error?.field === 'name'}
              aria-describedby="saved-view-note"
            />
            <p className="field-note" id="saved-view-note">
              Saves the current filters for every admin of this site. A saved name saved again takes the
              current filters.
            </p>
          </div>
          <div className="filter-buttons">
            <Button type="submit" appearance="primary" isDisabled={busy}>
              Save the current view
            </Button>
          </div>
        </form>
        {error && (
          <p className="field-error" role="alert">
            {error.code === 'FORBIDDEN'
              ? `Only ${product === 'confluence' ? 'Confluence' : 'Jira'} administrators can use Audit Trail.`
              : fieldMessage(error, FIELD_LABELS)}
          </p>
        )}
        <p role="status" className="muted">
          {saved ?? ''}
        </p>
        {views.state === 'failed' && (
          <p className="field-error" role="alert">
            The saved views could not be loaded: {views.error.message}
          </p>
        )}
        {views.state === 'ready' && items.length === 0 && <p className="muted">No saved views yet.</p>}
        {items.length > 0 && (
          <ul className="saved-views" aria-label="Saved views">
            {items.map((item) => (
              <li key={item.id} className="saved-view">
                <Button
                  appearance="subtle"
                  onClick={() => {
                    onOpen(fromSavedFilter(item.filter));
                    onClose();
                  }}
                >
                  {item.name}
                </Button>
                <span className="muted saved-view-when">
                  saved <Time at={item.updatedAt} />
                </span>
                <Button
                  appearance="subtle"
                  onClick={() => void remove(item)}
                  aria-label={`Delete ${item.name}`}
                >
                  Delete
                </Button>
              </li>
            ))}
          </ul>
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}
