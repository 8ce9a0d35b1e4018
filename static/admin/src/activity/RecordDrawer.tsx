import { Drawer, DrawerCloseButton, DrawerContent, DrawerSidebar } from '@atlaskit/drawer';
import Spinner from '@atlaskit/spinner';
import type { AuditRecord } from '@contract';
import { getRecord } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { ErrorNotice } from '../ErrorNotice';
import { RecordDetails } from './RecordDetails';

interface Props {
  /** The record's id (from the address, so an open record can be shared). */
  readonly id: string;
  /** The record as the log already holds it; fetched with `activity.get` when absent. */
  readonly record: AuditRecord | undefined;
  readonly onClose: () => void;
  /** Shows the log of this record's issue or page. */
  readonly onShowTrail: (objectId: string) => void;
}

/** Every field of one record, its changes from → to, and the record as JSON. Loaded on first use. */
export default function RecordDrawer({ id, record, onClose, onShowTrail }: Props) {
  // The record the log holds needs no call; `activity.get` is asked only for one it does not.
  const fetched = useResolver(() => getRecord(id), record ? undefined : id);
  const loaded = record ?? (fetched.state === 'ready' ? fetched.value : undefined);

  return (
    <Drawer
      isOpen
      onClose={onClose}
      label="Record details"
      width="wide"
      enterFrom="right"
      testId="record-drawer"
    >
      <DrawerSidebar>
        <DrawerCloseButton label="Close record details" />
      </DrawerSidebar>
      <DrawerContent>
        <div className="drawer-body">
          {!loaded && fetched.state === 'loading' && (
            <div className="loading">
              <Spinner size="large" label="Loading the record" />
            </div>
          )}
          {!loaded && fetched.state === 'failed' && (
            <ErrorNotice
              error={fetched.error}
              title={
                fetched.error.code === 'NOT_FOUND'
                  ? 'This record no longer exists'
                  : 'The record could not be loaded'
              }
              product={undefined}
              onRetry={fetched.reload}
            />
          )}
          {loaded && <RecordDetails record={loaded} onShowTrail={onShowTrail} />}
        </div>
      </DrawerContent>
    </Drawer>
  );
}
