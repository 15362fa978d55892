// The "Client credentials" tab of an organization: the table of its credentials with a status dot (amber when the
// expiry is near), when each was last used, the limit, "Add client" and "Rotate secret" with a one-time secret,
// Delete, and who manages the organization's credentials. It implements no rule: the extension's API decides, and says
// what the signed-in admin may do.
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  ClipboardCopy,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  PageSection,
  Text,
  TextContent,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useMemo, useState } from "react";
import { credentialsApi, type Access, type Credential, type Limit } from "./api";
import { ManagersSection } from "./ManagersSection";
import type { Translate } from "./messages";

const DOT = { active: "#3e8635", expiring: "#f0ab00", expired: "#c9190b", unusable: "#6a6e73" } as const;
const DAY = 24 * 60 * 60 * 1000;

/** "expires in N days" (whole days left), in words that fit one day and less. */
function expiresIn(iso: string, t: Translate) {
  const days = Math.floor((new Date(iso).getTime() - Date.now()) / DAY);
  return days < 1 ? t("occExpiresWithinADay") : days === 1 ? t("occExpiresInOneDay") : t("occExpiresInDays", { days });
}

function isoDate(date: Date) {
  return date.toISOString().slice(0, 10);
}

function addMonths(months: number) {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date;
}

type Props = {
  /** The organization's URL in the admin API or in the members' API. */
  organizationUrl: string;
  token: () => Promise<string>;
  t: Translate;
  /** Message key of the hint for a caller who may only view. */
  noManageKey?: string;
};

export function ClientCredentialsPanel({ organizationUrl, token, t, noManageKey = "occNoManage" }: Props) {
  const api = useMemo(() => credentialsApi(organizationUrl, token), [organizationUrl, token]);
  const [access, setAccess] = useState<Access>();
  const canManage = access?.manage === true;
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [limit, setLimit] = useState<Limit>();
  const [status, setStatus] = useState("");
  const [alerts, setAlerts] = useState<{ key: number; variant: "success" | "danger"; title: string }[]>([]);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Credential>();
  const [deleting, setDeleting] = useState<Credential>();
  const [rotating, setRotating] = useState<Credential>();

  const alert = (variant: "success" | "danger", title: string) =>
    setAlerts((all) => [...all, { key: Date.now() + Math.random(), variant, title }]);
  const fail = (error: unknown) => alert("danger", error instanceof Error ? error.message : t("occError"));

  const refresh = useCallback(async () => {
    try {
      const [list, quota] = await Promise.all([api.list(status), api.limit()]);
      setCredentials(list);
      setLimit(quota);
    } catch (error) {
      fail(error);
    }
  }, [api, status]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useEffect(() => {
    api.access().then(setAccess, fail);
  }, [api]);

  const limitReached = limit !== undefined && limit.available <= 0;

  return (
    <>
      <PageSection variant="light">
        <AlertGroup isToast isLiveRegion>
          {alerts.map(({ key, variant, title }) => (
            <Alert
              key={key}
              variant={variant}
              title={title}
              timeout={variant === "success" ? 8000 : 0}
              data-testid={`occ-alert-${variant}`}
              actionClose={<AlertActionCloseButton onClose={() => setAlerts((all) => all.filter((a) => a.key !== key))} />}
            />
          ))}
        </AlertGroup>
        <TextContent>
          <Text>{t("occIntro")}</Text>
        </TextContent>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect
                aria-label={t("occStatus")}
                value={status}
                onChange={(_, value) => setStatus(value)}
                data-testid="occ-status-filter"
              >
                <FormSelectOption value="" label={t("occAll")} />
                <FormSelectOption value="active" label={t("occStatusActive")} />
                <FormSelectOption value="expired" label={t("occStatusExpired")} />
              </FormSelect>
            </ToolbarItem>
            {canManage && (
              <ToolbarItem>
                <Button data-testid="occ-add" isAriaDisabled={limitReached} onClick={() => setAdding(true)}>
                  {t("occAdd")}
                </Button>
              </ToolbarItem>
            )}
            {limit && (
              <ToolbarItem alignSelf="center">
                <span data-testid="occ-used">{t("occUsed", { used: limit.used, limit: limit.limit })}</span>
              </ToolbarItem>
            )}
          </ToolbarContent>
        </Toolbar>
        {access && !canManage && (
          <HelperText data-testid="occ-no-manage">
            <HelperTextItem variant="indeterminate">{t(noManageKey)}</HelperTextItem>
          </HelperText>
        )}
        {canManage && limitReached && limit && (
          <HelperText data-testid="occ-limit-reached">
            <HelperTextItem variant="warning">{t("occLimitReached", { limit: limit.limit })}</HelperTextItem>
          </HelperText>
        )}
        {credentials.length === 0 ? (
          <EmptyState>
            <EmptyStateHeader titleText={t("occEmpty")} headingLevel="h2" />
            <EmptyStateBody>{t("occEmptyHelp")}</EmptyStateBody>
          </EmptyState>
        ) : (
          <Table aria-label={t("occTitle")} variant="compact" data-testid="occ-table">
            <Thead>
              <Tr>
                <Th>{t("occName")}</Th>
                <Th>{t("occClientId")}</Th>
                <Th>{t("occTokenEndpoint")}</Th>
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
                  <Td dataLabel={t("occClientId")}>
                    <ClipboardCopy isReadOnly hoverTip={t("occCopy")} clickTip={t("occCopied")} variant="inline-compact">
                      {credential.clientId}
                    </ClipboardCopy>
                  </Td>
                  <Td dataLabel={t("occTokenEndpoint")}>
                    <ClipboardCopy isReadOnly hoverTip={t("occCopy")} clickTip={t("occCopied")} variant="inline-compact">
                      {credential.tokenEndpoint}
                    </ClipboardCopy>
                  </Td>
                  <Td dataLabel={t("occCreated")}>{new Date(credential.createdAt).toLocaleDateString()}</Td>
                  <Td dataLabel={t("occExpires")}>
                    <span
                      data-testid="occ-status"
                      data-status={credential.expiringSoon ? "expiring" : credential.status}
                      title={credential.problem}
                      style={{ display: "inline-flex", alignItems: "center", gap: "0.5em" }}
                    >
                      <span
                        aria-hidden="true"
                        style={{
                          width: 10,
                          height: 10,
                          borderRadius: "50%",
                          background: DOT[credential.expiringSoon ? "expiring" : credential.status],
                        }}
                      />
                      {new Date(credential.expiresAt).toLocaleDateString()}
                      <span>
                        (
                        {credential.expiringSoon
                          ? expiresIn(credential.expiresAt, t)
                          : credential.status === "active"
                            ? t("occStatusActive")
                            : credential.status === "expired"
                              ? t("occStatusExpired")
                              : t("occStatusUnusable")}
                        )
                      </span>
                    </span>
                    {credential.previousSecretExpiresAt && (
                      <div data-testid="occ-previous-secret" style={{ fontSize: "var(--pf-v5-global--FontSize--sm)" }}>
                        {t("occPreviousSecretUntil", { until: new Date(credential.previousSecretExpiresAt).toLocaleString() })}
                      </div>
                    )}
                  </Td>
                  <Td dataLabel={t("occLastUsed")} data-testid="occ-last-used">
                    {credential.lastUsedAt ? new Date(credential.lastUsedAt).toLocaleString() : t("occNeverUsed")}
                  </Td>
                  <Td isActionCell>
                    <ActionsColumn
                      isDisabled={!canManage}
                      items={[
                        {
                          title: t("occRotate"),
                          isDisabled: credential.status !== "active",
                          onClick: () => setRotating(credential),
                        },
                        { title: t("occDelete"), onClick: () => setDeleting(credential) },
                      ]}
                    />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {access && <ManagersSection api={api} t={t} canChange={access.manageManagers} onError={fail} />}
      </PageSection>
      {adding && (
        <AddCredentialModal
          t={t}
          onClose={() => setAdding(false)}
          onCreate={async (name, expiresAt) => {
            try {
              const credential = await api.create(name, expiresAt);
              setAdding(false);
              setCreated(credential);
              alert("success", t("occCreatedAlert"));
              refresh();
            } catch (error) {
              fail(error);
            }
          }}
        />
      )}
      {created && <SecretModal t={t} credential={created} onClose={() => setCreated(undefined)} />}
      {rotating && (
        <ConfirmModal
          t={t}
          name="rotate"
          title={t("occRotateTitle")}
          confirmLabel={t("occRotate")}
          text={t("occRotateText", { name: rotating.name })}
          onClose={() => setRotating(undefined)}
          onConfirm={async () => {
            setCreated(await api.rotate(rotating.clientId));
            alert("success", t("occRotatedAlert"));
          }}
          onDone={refresh}
          onError={fail}
        />
      )}
      {deleting && (
        <ConfirmModal
          t={t}
          name="delete"
          danger
          title={t("occDeleteTitle")}
          confirmLabel={t("occDelete")}
          text={t("occDeleteText", { name: deleting.name })}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.remove(deleting.clientId);
            alert("success", t("occDeleted"));
          }}
          onDone={refresh}
          onError={fail}
        />
      )}
    </>
  );
}

/** "Are you sure?" for a row action: test ids occ-{name}-modal and occ-{name}-confirm. */
function ConfirmModal(props: {
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
}) {
  const { t, name, title, confirmLabel, text, danger, onConfirm, onDone, onError, onClose } = props;
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

function AddCredentialModal({ t, onClose, onCreate }: { t: Translate; onClose: () => void; onCreate: (name: string, expiresAt: string) => void }) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(isoDate(addMonths(6)));
  const tomorrow = new Date();
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  const min = isoDate(tomorrow);
  const max = isoDate(addMonths(12));
  const valid = name.trim().length > 0 && expiry >= min && expiry <= max;
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
              <HelperTextItem>{t("occExpiryHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
    </Modal>
  );
}

function SecretModal({ t, credential, onClose }: { t: Translate; credential: Credential; onClose: () => void }) {
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
          title={t("occPreviousSecretUntil", { until: new Date(credential.previousSecretExpiresAt).toLocaleString() })}
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
