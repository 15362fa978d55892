// The "Client credentials" tab of an organization (and the self-service page's body): the limit, "Add client",
// the credentials table with "Rotate secret" and "Delete", and who manages the organization's credentials. It
// implements no rule: the extension's API decides, says what the signed-in user may do (access) and which dates,
// limit and grace apply (rules).
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  Text,
  TextContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { useCallback, useEffect, useMemo, useState } from "react";
import { AddCredentialModal } from "./AddCredentialModal";
import { credentialsApi, type Access, type Credential, type Limit, type Rules } from "./api";
import { ConfirmModal } from "./ConfirmModal";
import { CredentialsTable } from "./CredentialsTable";
import { AddKeyModal, RemoveKeyModal } from "./KeyModals";
import { ManagersSection } from "./ManagersSection";
import type { Translate } from "./messages";
import { SecretModal } from "./SecretModal";

type Props = {
  /** The organization's URL in the admin API or in the members' API. */
  organizationUrl: string;
  token: () => Promise<string>;
  t: Translate;
  /** Message key of the hint for a caller who may only view. */
  noManageKey?: string;
};

type Toast = { key: number; variant: "success" | "danger"; title: string };

/** A human form of an ISO-8601 duration of hours or days (the server's rotation grace), in the user's language. */
function graceText(iso: string, t: Translate) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!match) return iso;
  const [, d = "0", h = "0", m = "0", s = "0"] = match;
  const hours = Number(d) * 24 + Number(h);
  const minutes = Number(m) + Math.round(Number(s) / 60);
  if (hours === 0 && minutes === 0) return t("occGraceNone");
  if (minutes === 0 && hours % 24 === 0) return hours === 24 ? t("occGraceOneDay") : t("occGraceDays", { days: hours / 24 });
  if (minutes === 0) return hours === 1 ? t("occGraceOneHour") : t("occGraceHours", { hours });
  return t("occGraceMinutes", { minutes: hours * 60 + minutes });
}

export function ClientCredentialsPanel({ organizationUrl, token, t, noManageKey = "occNoManage" }: Props) {
  const api = useMemo(() => credentialsApi(organizationUrl, token), [organizationUrl, token]);
  const [access, setAccess] = useState<Access>();
  const [rules, setRules] = useState<Rules>();
  const canManage = access?.manage === true;
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [limit, setLimit] = useState<Limit>();
  const [status, setStatus] = useState("");
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Credential>();
  const [deleting, setDeleting] = useState<Credential>();
  const [rotating, setRotating] = useState<Credential>();
  const [addingKey, setAddingKey] = useState<Credential>();
  const [removingKey, setRemovingKey] = useState<Credential>();

  const toast = (variant: Toast["variant"], title: string) =>
    setToasts((all) => [...all, { key: Date.now() + Math.random(), variant, title }]);
  const fail = (error: unknown) => toast("danger", error instanceof Error ? error.message : t("occError"));

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
    api.rules().then(setRules, fail);
  }, [api]);

  /** Adds or removes a key: on success the dialog closes, a toast says so and the list is read again. */
  const changeKeys = async (call: () => Promise<unknown>, close: (none: undefined) => void, alertKey: string) => {
    try {
      await call();
      close(undefined);
      toast("success", t(alertKey));
      refresh();
    } catch (error) {
      fail(error);
    }
  };

  const limitReached = limit !== undefined && limit.available <= 0;

  return (
    <>
      <PageSection variant="light">
        <AlertGroup isToast isLiveRegion>
          {toasts.map(({ key, variant, title }) => (
            <Alert
              key={key}
              variant={variant}
              title={title}
              timeout={variant === "success" ? 8000 : 0}
              data-testid={`occ-alert-${variant}`}
              actionClose={<AlertActionCloseButton onClose={() => setToasts((all) => all.filter((a) => a.key !== key))} />}
            />
          ))}
        </AlertGroup>
        <TextContent>
          <Text>{t("occIntro")}</Text>
        </TextContent>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect aria-label={t("occStatus")} value={status} onChange={(_, value) => setStatus(value)} data-testid="occ-status-filter">
                <FormSelectOption value="" label={t("occAll")} />
                <FormSelectOption value="active" label={t("occStatusActive")} />
                <FormSelectOption value="expired" label={t("occStatusExpired")} />
              </FormSelect>
            </ToolbarItem>
            {canManage && (
              <ToolbarItem>
                <Button data-testid="occ-add" isAriaDisabled={limitReached || !rules} onClick={() => setAdding(true)}>
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
          <CredentialsTable
            t={t}
            credentials={credentials}
            canManage={canManage}
            onRotate={setRotating}
            onAddKey={setAddingKey}
            onRemoveKey={setRemovingKey}
            onDelete={setDeleting}
          />
        )}
        {access && <ManagersSection api={api} t={t} canChange={access.manageManagers} onError={fail} />}
      </PageSection>
      {adding && rules && (
        <AddCredentialModal
          t={t}
          rules={rules}
          onClose={() => setAdding(false)}
          onCreate={async (name, expiresAt, key) => {
            try {
              const credential = await api.create(name, expiresAt, key);
              setAdding(false);
              // A credential with a public key has no secret to show.
              if (credential.clientSecret) setCreated(credential);
              toast("success", t(key ? "occCreatedWithKeyAlert" : "occCreatedAlert"));
              refresh();
            } catch (error) {
              fail(error);
            }
          }}
        />
      )}
      {created && <SecretModal t={t} credential={created} onClose={() => setCreated(undefined)} />}
      {addingKey && (
        <AddKeyModal
          t={t}
          credential={addingKey}
          onClose={() => setAddingKey(undefined)}
          onAdd={(key) => changeKeys(() => api.addKey(addingKey.clientId, key), setAddingKey, "occKeyAddedAlert")}
        />
      )}
      {removingKey && (
        <RemoveKeyModal
          t={t}
          credential={removingKey}
          onClose={() => setRemovingKey(undefined)}
          onRemove={(kid) => changeKeys(() => api.removeKey(removingKey.clientId, kid), setRemovingKey, "occKeyRemovedAlert")}
        />
      )}
      {rotating && (
        <ConfirmModal
          t={t}
          name="rotate"
          title={t("occRotateTitle")}
          confirmLabel={t("occRotate")}
          text={t("occRotateText", { name: rotating.name, grace: rules ? graceText(rules.rotationGrace, t) : "" })}
          onClose={() => setRotating(undefined)}
          onConfirm={async () => {
            setCreated(await api.rotate(rotating.clientId));
            toast("success", t("occRotatedAlert"));
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
            toast("success", t("occDeleted"));
          }}
          onDone={refresh}
          onError={fail}
        />
      )}
    </>
  );
}
