// The self-service page: the member's organizations and, for the chosen one, the same credentials panel as the
// admin console's tab, on the members' API. What the member may do is the API's decision.
import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  Masthead,
  MastheadContent,
  MastheadMain,
  Page,
  PageSection,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { useEffect, useMemo, useState } from "react";
import { ClientCredentialsPanel } from "../console-tab/ClientCredentialsPanel";
import type { Translate } from "../console-tab/messages";
import type { Location, Session } from "./signIn";

type Organization = { id: string; alias: string; name: string; manage: boolean };

type Props = { where: Location; session: Session; t: Translate };

export function PortalPage({ where, session, t }: Props) {
  const api = `${where.serverUrl}/realms/${encodeURIComponent(where.realm)}/org-client-credentials`;
  const [organizations, setOrganizations] = useState<Organization[]>();
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    (async () => {
      const response = await fetch(`${api}/organizations`, { headers: { Authorization: `Bearer ${await session.token()}` } });
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error_description ?? `HTTP ${response.status}`);
      const list = (await response.json()) as Organization[];
      setOrganizations(list);
      setSelected(list[0]?.id);
    })().catch((failure: Error) => setError(failure.message));
  }, [api, session]);

  const organizationUrl = useMemo(
    () => (selected ? `${api}/organizations/${encodeURIComponent(selected)}` : undefined),
    [api, selected],
  );

  const header = (
    <Masthead>
      <MastheadMain>
        <Title headingLevel="h1" size="lg" style={{ color: "var(--pf-v5-global--Color--light-100)" }}>
          {t("occPortalTitle")}
        </Title>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarItem align={{ default: "alignRight" }}>
              <span data-testid="occ-user" style={{ color: "var(--pf-v5-global--Color--light-100)", marginRight: 16 }}>
                {session.username}
              </span>
              <Button variant="secondary" isInline onClick={session.signOut}>
                {t("occPortalSignOut")}
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  return (
    <Page header={header}>
      {error && (
        <PageSection>
          <Alert variant="danger" isInline title={error} />
        </PageSection>
      )}
      {organizations && organizations.length === 0 && (
        <PageSection>
          <Alert variant="info" isInline title={t("occPortalNoOrganization")} />
        </PageSection>
      )}
      {organizations && organizations.length === 1 && (
        <PageSection variant="light">
          <Title headingLevel="h2" data-testid="occ-organization-name">
            {organizations[0].name || organizations[0].alias}
          </Title>
        </PageSection>
      )}
      {organizations && organizations.length > 1 && (
        <PageSection variant="light">
          <FormSelect
            aria-label={t("occPortalOrganization")}
            data-testid="occ-organization"
            value={selected}
            onChange={(_, value) => setSelected(value)}
          >
            {organizations.map((organization) => (
              <FormSelectOption key={organization.id} value={organization.id} label={organization.name || organization.alias} />
            ))}
          </FormSelect>
        </PageSection>
      )}
      {organizationUrl && (
        <ClientCredentialsPanel
          key={organizationUrl}
          organizationUrl={organizationUrl}
          token={session.token}
          t={t}
          noManageKey="occPortalNoManage"
        />
      )}
    </Page>
  );
}
