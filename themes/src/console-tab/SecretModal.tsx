// The one time a secret is shown: after "Add client" and after "Rotate secret".
import { Alert, Button, ClipboardCopy, Form, FormGroup, Modal, ModalVariant } from "@patternfly/react-core";
import type { Credential } from "./api";
import type { Translate } from "./messages";

export function SecretModal({ t, credential, onClose }: { t: Translate; credential: Credential; onClose: () => void }) {
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("occSecretTitle")}
      isOpen
      onClose={onClose}
      data-testid="occ-secret-modal"
      actions={[
        <Button key="done" data-testid="occ-secret-done" onClick={onClose}>
          {t("occDone")}
        </Button>,
      ]}
    >
      <Alert variant="warning" isInline title={t("occSecretWarning")} />
      {credential.previousSecretExpiresAt && (
        <Alert
          variant="info"
          isInline
          data-testid="occ-rotated-previous"
          title={t("occPreviousSecretUntil", { until: new Date(credential.previousSecretExpiresAt).toLocaleString(t.locale) })}
        />
      )}
      <Form onSubmit={(event) => event.preventDefault()}>
        <FormGroup label={t("occClientId")} fieldId="occ-created-client-id">
          <ClipboardCopy isReadOnly data-testid="occ-created-client-id" hoverTip={t("occCopy")} clickTip={t("occCopied")}>
            {credential.clientId}
          </ClipboardCopy>
        </FormGroup>
        <FormGroup label={t("occSecret")} fieldId="occ-created-secret">
          <ClipboardCopy isReadOnly data-testid="occ-created-secret" hoverTip={t("occCopy")} clickTip={t("occCopied")}>
            {credential.clientSecret}
          </ClipboardCopy>
        </FormGroup>
      </Form>
    </Modal>
  );
}
