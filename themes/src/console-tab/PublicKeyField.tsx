// A text area for a public key (PEM or JWK) that shows, as soon as the browser can read the key, its thumbprint, so
// that whoever pastes it can compare it with the one their tooling prints before the key is registered.
import { FormGroup, FormHelperText, HelperText, HelperTextItem, TextArea } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import type { KeyInput } from "./api";
import type { Translate } from "./messages";
import { readPastedKey, type PastedKey } from "./publicKey";

type Props = {
  t: Translate;
  /** The key to send, or undefined while the text is no key. */
  onChange: (key: KeyInput | undefined) => void;
};

export function PublicKeyField({ t, onChange }: Props) {
  const [text, setText] = useState("");
  const [pasted, setPasted] = useState<PastedKey>({ problem: "empty" });
  useEffect(() => {
    let current = true;
    readPastedKey(text).then((read) => {
      if (!current) return;
      setPasted(read);
      onChange("input" in read ? read.input : undefined);
    });
    return () => {
      current = false;
    };
  }, [text]);
  const help =
    "input" in pasted
      ? pasted.thumbprint
        ? t("occKeyThumbprint", { thumbprint: pasted.thumbprint })
        : t("occKeyThumbprintLater")
      : pasted.problem === "private"
        ? t("occKeyPrivate")
        : pasted.problem === "unreadable"
          ? t("occKeyUnreadable")
          : t("occKeyHelp");
  return (
    <FormGroup label={t("occPublicKey")} isRequired fieldId="occ-public-key">
      <TextArea
        id="occ-public-key"
        data-testid="occ-public-key"
        value={text}
        rows={6}
        resizeOrientation="vertical"
        style={{ fontFamily: "var(--pf-v5-global--FontFamily--monospace)" }}
        onChange={(_, value) => setText(value)}
      />
      <FormHelperText>
        <HelperText>
          <HelperTextItem
            data-testid="occ-key-help"
            variant={"problem" in pasted && pasted.problem !== "empty" ? "error" : "default"}
            style={{ overflowWrap: "anywhere" }}
          >
            {help}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}
