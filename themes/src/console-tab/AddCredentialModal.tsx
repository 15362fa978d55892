// "Add client": a name, an expiry date, and how the client authenticates: a secret (the default, shown once after
// creation) or a public key pasted as PEM or JWK (its thumbprint shown before creating). The dates it offers are the
// server's (the organization's rules endpoint): its default, and the range it accepts, so that an operator's
// lifetime options are what the dialog offers.
import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  Radio,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import type { KeyInput, Rules } from "./api";
import type { Translate } from "./messages";
import { PublicKeyField } from "./PublicKeyField";

const DAY = 24 * 60 * 60 * 1000;

/** The day (UTC) of an instant, as a date input holds it. */
const dayOf = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10);

/**
 * The days whose midnight (UTC) the server accepts as an expiry: after the earliest instant, at most the latest; and
 * the server's default expiry's day, within them.
 */
export function expiryDays(rules: Rules) {
  const earliest = new Date(rules.earliestExpiresAt).getTime();
  const min = dayOf(new Date(Math.floor(earliest / DAY) * DAY + DAY));
  const max = dayOf(rules.latestExpiresAt);
  const wanted = dayOf(rules.defaultExpiresAt);
  const fallback = wanted < min ? min : wanted > max ? max : wanted;
  return { min, max, fallback };
}

type Props = {
  t: Translate;
  rules: Rules;
  onClose: () => void;
  /** {@code key} undefined: a credential with a secret. */
  onCreate: (name: string, expiresAt: string, key?: KeyInput) => void;
};

export function AddCredentialModal({ t, rules, onClose, onCreate }: Props) {
  const { min, max, fallback } = expiryDays(rules);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(fallback);
  const [withKey, setWithKey] = useState(false);
  const [key, setKey] = useState<KeyInput>();
  const valid = name.trim().length > 0 && expiry >= min && expiry <= max && (!withKey || key !== undefined);
  const date = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(t.locale, { timeZone: "UTC" });
  return (
    <Modal
      variant={ModalVariant.small}
      title={t("occAdd")}
      isOpen
      onClose={onClose}
      data-testid="occ-add-modal"
      actions={[
        <Button key="create" data-testid="occ-create" isDisabled={!valid} onClick={() => onCreate(name.trim(), `${expiry}T00:00:00Z`, withKey ? key : undefined)}>
          {t("occCreate")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("occCancel")}
        </Button>,
      ]}
    >
      <Form onSubmit={(event) => event.preventDefault()}>
        <FormGroup label={t("occName")} isRequired fieldId="occ-name">
          <TextInput id="occ-name" data-testid="occ-name" value={name} maxLength={100} onChange={(_, value) => setName(value)} />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("occNameHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <FormGroup label={t("occExpires")} isRequired fieldId="occ-expiry">
          <TextInput
            id="occ-expiry"
            data-testid="occ-expiry"
            type="date"
            value={expiry}
            min={min}
            max={max}
            onChange={(_, value) => setExpiry(value)}
          />
          <FormHelperText>
            <HelperText>
              <HelperTextItem data-testid="occ-expiry-help">
                {t("occExpiryRange", { min: date(min), max: date(max), default: date(fallback) })}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <FormGroup label={t("occAuthMethod")} role="radiogroup" isStack fieldId="occ-method">
          <Radio
            id="occ-method-secret"
            name="occ-method"
            data-testid="occ-method-secret"
            label={t("occMethodSecret")}
            isChecked={!withKey}
            onChange={() => setWithKey(false)}
          />
          <Radio
            id="occ-method-key"
            name="occ-method"
            data-testid="occ-method-key"
            label={t("occMethodKey")}
            description={t("occMethodKeyHelp")}
            isChecked={withKey}
            onChange={() => setWithKey(true)}
          />
        </FormGroup>
        {withKey && <PublicKeyField t={t} onChange={setKey} />}
      </Form>
    </Modal>
  );
}
