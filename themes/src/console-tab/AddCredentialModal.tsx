// "Add client": a name and an expiry date. The dates it offers are the server's (the organization's rules endpoint):
// its default, and the range it accepts, so that an operator's lifetime options are what the dialog offers.
import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import type { Rules } from "./api";
import type { Translate } from "./messages";

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
  onCreate: (name: string, expiresAt: string) => void;
};

export function AddCredentialModal({ t, rules, onClose, onCreate }: Props) {
  const { min, max, fallback } = expiryDays(rules);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(fallback);
  const valid = name.trim().length > 0 && expiry >= min && expiry <= max;
  const date = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(t.locale, { timeZone: "UTC" });
  return (
    <Modal
      variant={ModalVariant.small}
      title={t("occAdd")}
      isOpen
      onClose={onClose}
      data-testid="occ-add-modal"
      actions={[
        <Button key="create" data-testid="occ-create" isDisabled={!valid} onClick={() => onCreate(name.trim(), `${expiry}T00:00:00Z`)}>
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
      </Form>
    </Modal>
  );
}
