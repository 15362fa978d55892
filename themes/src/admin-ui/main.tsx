// Keycloak's admin console, started as the stock console starts it, plus one extra route: the organization's
// "Client credentials" tab. Everything stock comes from @keycloak/keycloak-admin-ui.
import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import { AdminUi, KeycloakProvider, routes, type AdminEnvironment } from "@keycloak/keycloak-admin-ui";
import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { initReactI18next } from "react-i18next";
import { createHashRouter, RouterProvider } from "react-router-dom";
import { ClientCredentialsPage } from "./ClientCredentialsPage";
import { watchOrganizationTabs } from "./injectTab";

const environment = JSON.parse(document.getElementById("environment")!.textContent!) as AdminEnvironment;

const i18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  defaultNS: [environment.realm],
  ns: [environment.realm],
  backend: {
    loadPath: `${environment.adminBaseUrl.replace(/\/$/, "")}/resources/{{ns}}/admin/{{lng}}`,
    parse: (data: string) =>
      Object.fromEntries((JSON.parse(data) as { key: string; value: string }[]).map(({ key, value }) => [key, value])),
  },
});
i18n.use(FetchBackend);
i18n.use(initReactI18next);
await i18n.init();

export const clientCredentialsRoute = {
  path: "/:realm/organizations/:id/client-credentials",
  element: <ClientCredentialsPage />,
  handle: { access: "view-clients" as const, breadcrumb: (t: (key: string) => string) => t("occTab") },
};

const router = createHashRouter([
  {
    path: "/",
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    // A fixed path wins over the stock "/:realm/organizations/:id/:tab/*".
    children: [clientCredentialsRoute, ...routes],
  },
]);

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
watchOrganizationTabs(i18n.t("occTab"));
