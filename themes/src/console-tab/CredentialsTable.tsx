// The organization's credentials, one row each: name, client id and token endpoint to copy, how it authenticates
// (a secret, or public keys), dates, a status dot (amber within the first expiry-notice threshold), the last use, and
// the row actions the caller may take (a secret is rotated; public keys are added and removed).
import { ClipboardCopy } from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import type { Credential } from "./api";
import type { Translate } from "./messages";

const DOT = { active: "#3e8635", expiring: "#f0ab00", expired: "#c9190b", unusable: "#6a6e73" } as const;
const DAY = 24 * 60 * 60 * 1000;

/** "expires in N days" (whole days left), in words that fit one day and less. */
function expiresIn(iso: string, t: Translate) {
  const days = Math.floor((new Date(iso).getTime() - Date.now()) / DAY);
  return days < 1 ? t("occExpiresWithinADay") : days === 1 ? t("occExpiresInOneDay") : t("occExpiresInDays", { days });
}

function statusWord(credential: Credential, t: Translate) {
  if (credential.expiringSoon) return expiresIn(credential.expiresAt, t);
  return credential.status === "active"
    ? t("occStatusActive")
    : credential.status === "expired"
      ? t("occStatusExpired")
      : t("occStatusUnusable");
}

function ExpiryCell({ credential, t }: { credential: Credential; t: Translate }) {
  const state = credential.expiringSoon ? "expiring" : credential.status;
  return (
    <>
      <span
        data-testid="occ-status"
        data-status={state}
        title={credential.problem}
        style={{ display: "inline-flex", alignItems: "center", gap: "0.5em" }}
      >
        <span aria-hidden="true" style={{ width: 10, height: 10, borderRadius: "50%", background: DOT[state] }} />
        {new Date(credential.expiresAt).toLocaleDateString(t.locale)}
        <span>({statusWord(credential, t)})</span>
      </span>
      {credential.previousSecretExpiresAt && (
        <div data-testid="occ-previous-secret" style={{ fontSize: "var(--pf-v5-global--FontSize--sm)" }}>
          {t("occPreviousSecretUntil", { until: new Date(credential.previousSecretExpiresAt).toLocaleString(t.locale) })}
        </div>
      )}
    </>
  );
}

/** "Secret", or "Public key" with how many, the keys' ids in the tooltip. */
function MethodCell({ credential, t }: { credential: Credential; t: Translate }) {
  if (credential.tokenEndpointAuthMethod !== "private_key_jwt") {
    return <span data-testid="occ-method">{t("occMethodSecretShort")}</span>;
  }
  const keys = credential.keys ?? [];
  return (
    <span data-testid="occ-method" data-keys={keys.length} title={keys.map((key) => `${key.kid} (${key.alg})`).join("\n")}>
      {keys.length === 1 ? t("occMethodOneKey") : t("occMethodKeys", { count: keys.length })}
    </span>
  );
}

function rowActions(credential: Credential, t: Translate, actions: Omit<Props, "t" | "credentials" | "canManage">) {
  const active = credential.status === "active";
  const remove = { title: t("occDelete"), onClick: () => actions.onDelete(credential) };
  if (credential.tokenEndpointAuthMethod === "private_key_jwt") {
    const count = credential.keys?.length ?? 0;
    return [
      { title: t("occAddKey"), isDisabled: !active || count >= 2, onClick: () => actions.onAddKey(credential) },
      { title: t("occRemoveKey"), isDisabled: !active || count < 2, onClick: () => actions.onRemoveKey(credential) },
      remove,
    ];
  }
  return [{ title: t("occRotate"), isDisabled: !active, onClick: () => actions.onRotate(credential) }, remove];
}

type Props = {
  t: Translate;
  credentials: Credential[];
  canManage: boolean;
  onRotate: (credential: Credential) => void;
  onAddKey: (credential: Credential) => void;
  onRemoveKey: (credential: Credential) => void;
  onDelete: (credential: Credential) => void;
};

export function CredentialsTable({ t, credentials, canManage, ...actions }: Props) {
  const copy = (text: string) => (
    <ClipboardCopy isReadOnly hoverTip={t("occCopy")} clickTip={t("occCopied")} variant="inline-compact">
      {text}
    </ClipboardCopy>
  );
  return (
    <Table aria-label={t("occTitle")} variant="compact" data-testid="occ-table">
      <Thead>
        <Tr>
          <Th>{t("occName")}</Th>
          <Th>{t("occClientId")}</Th>
          <Th>{t("occTokenEndpoint")}</Th>
          <Th>{t("occAuthMethod")}</Th>
          <Th>{t("occCreated")}</Th>
          <Th>{t("occExpires")}</Th>
          <Th>{t("occLastUsed")}</Th>
          <Th screenReaderText={t("occActions")} />
        </Tr>
      </Thead>
      <Tbody>
        {credentials.map((credential) => (
          <Tr key={credential.clientId} data-testid={`occ-row-${credential.name}`}>
            <Td dataLabel={t("occName")}>{credential.name}</Td>
            <Td dataLabel={t("occClientId")}>{copy(credential.clientId)}</Td>
            <Td dataLabel={t("occTokenEndpoint")}>{copy(credential.tokenEndpoint)}</Td>
            <Td dataLabel={t("occAuthMethod")}>
              <MethodCell credential={credential} t={t} />
            </Td>
            <Td dataLabel={t("occCreated")}>{new Date(credential.createdAt).toLocaleDateString(t.locale)}</Td>
            <Td dataLabel={t("occExpires")}>
              <ExpiryCell credential={credential} t={t} />
            </Td>
            <Td dataLabel={t("occLastUsed")} data-testid="occ-last-used">
              {credential.lastUsedAt ? new Date(credential.lastUsedAt).toLocaleString(t.locale) : t("occNeverUsed")}
            </Td>
            <Td isActionCell>
              <ActionsColumn isDisabled={!canManage} items={rowActions(credential, t, actions)} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
