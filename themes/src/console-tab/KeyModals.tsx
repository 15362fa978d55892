// The row menu's key actions of a credential with public keys: "Add key" (paste the replacement; both keys work
// until one is removed) and "Remove key" (choose which; the last one cannot be removed).
import { Button, Form, FormGroup, FormSelect, FormSelectOption, Modal, ModalVariant, Text, TextContent } from "@patternfly/react-core";
import { useState } from "react";
import type { Credential, KeyInput } from "./api";
import type { Translate } from "./messages";
import { PublicKeyField } from "./PublicKeyField";

type AddProps = {
  t: Translate;
  credential: Credential;
  onClose: () => void;
  onAdd: (key: KeyInput) => Promise<void>;
};

export function AddKeyModal({ t, credential, onClose, onAdd }: AddProps) {
  const [key, setKey] = useState<KeyInput>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      variant={ModalVariant.small}
      title={t("occAddKeyTitle")}
      isOpen
      onClose={onClose}
      data-testid="occ-add-key-modal"
      actions={[
        <Button
          key="add"
          data-testid="occ-add-key-confirm"
          isDisabled={!key || busy}
          isLoading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onAdd(key!);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("occAddKey")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("occCancel")}
        </Button>,
      ]}
    >
      <TextContent>
        <Text>{t("occAddKeyText", { name: credential.name })}</Text>
      </TextContent>
      <Form onSubmit={(event) => event.preventDefault()}>
        <PublicKeyField t={t} onChange={setKey} />
      </Form>
    </Modal>
  );
}

type RemoveProps = {
  t: Translate;
  credential: Credential;
  onClose: () => void;
  onRemove: (kid: string) => Promise<void>;
};

export function RemoveKeyModal({ t, credential, onClose, onRemove }: RemoveProps) {
  const keys = credential.keys ?? [];
  const [kid, setKid] = useState(keys[0]?.kid ?? "");
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      variant={ModalVariant.small}
      title={t("occRemoveKeyTitle")}
      isOpen
      onClose={onClose}
      data-testid="occ-remove-key-modal"
      actions={[
        <Button
          key="remove"
          variant="danger"
          data-testid="occ-remove-key-confirm"
          isDisabled={!kid || busy}
          isLoading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onRemove(kid);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("occRemoveKey")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("occCancel")}
        </Button>,
      ]}
    >
      <TextContent>
        <Text>{t("occRemoveKeyText", { name: credential.name })}</Text>
      </TextContent>
      <Form onSubmit={(event) => event.preventDefault()}>
        <FormGroup label={t("occKey")} fieldId="occ-remove-kid">
          <FormSelect id="occ-remove-kid" data-testid="occ-remove-kid" value={kid} onChange={(_, value) => setKid(value)}>
            {keys.map((key) => (
              <FormSelectOption key={key.kid} value={key.kid} label={`${key.kid} (${key.kty} ${key.alg})`} />
            ))}
          </FormSelect>
        </FormGroup>
      </Form>
    </Modal>
  );
}
