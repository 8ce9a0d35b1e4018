import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import type { DestinationView } from '@contract';
import { isSelfHosted } from './destinations-api';

/** Asks before a destination is deleted, saying what goes with it. */
export function DeleteDestinationDialog({
  destination,
  onClose,
  onDelete,
}: {
  readonly destination: DestinationView;
  readonly onClose: () => void;
  readonly onDelete: () => void;
}) {
  return (
    <Modal onClose={onClose} label={`Delete ${destination.name}`}>
      <ModalHeader>
        <ModalTitle appearance="danger">Delete {destination.name}?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>
          Records it has not received will not be sent to it. Its credential is deleted too
          {isSelfHosted(destination) && ', and so is its egress approval'}.
        </p>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={onDelete}>
          Delete
        </Button>
      </ModalFooter>
    </Modal>
  );
}
