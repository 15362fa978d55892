// "Are you sure?" before a row action (rotate, delete): test ids occ-{name}-modal and occ-{name}-confirm.
import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import type { Translate } from "./messages";

type Props = {
  t: Translate;
  name: string;
  title: string;
  confirmLabel: string;
  text: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onDone: () => void;
  onError: (error: unknown) => void;
  onClose: () => void;
};

export function ConfirmModal({ t, name, title, confirmLabel, text, danger, onConfirm, onDone, onError, onClose }: Props) {
  return (
    <Modal
      variant={ModalVariant.small}
      title={title}
      titleIconVariant="warning"
      isOpen
      onClose={onClose}
      data-testid={`occ-${name}-modal`}
      actions={[
        <Button
          key="confirm"
          variant={danger ? "danger" : "primary"}
          data-testid={`occ-${name}-confirm`}
          onClick={async () => {
            try {
              await onConfirm();
              onDone();
            } catch (error) {
              onError(error);
            }
            onClose();
          }}
        >
          {confirmLabel}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("occCancel")}
        </Button>,
      ]}
    >
      {text}
    </Modal>
  );
}
