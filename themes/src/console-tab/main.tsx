// The extension's addition to the server's own admin console: loaded by the stock page template through the
// theme's "scripts" property, after the console's own script. It renders only the Client credentials tab, with
// React from the console's import map and PatternFly components whose styles the console already loaded.
import { createRoot, type Root } from "react-dom/client";
import { adminTokens } from "./adminToken";
import { adminOrganizationUrl } from "./api";
import { ClientCredentialsPanel } from "./ClientCredentialsPanel";
import { readEnvironment, trimSlash } from "./environment";
import { loadMessages } from "./messages";
import { organizationRoute, syncTab, watchOrganizationPages } from "./injectTab";

const env = readEnvironment();
if (env) {
  const t = await loadMessages(env);
  const token = adminTokens(env);
  let mounted: { host: HTMLElement; root: Root; key: string } | undefined;

  watchOrganizationPages(() => {
    const host = syncTab(t("occTab"));
    const route = organizationRoute();
    const key = route ? `${route.realm}/${route.id}` : "";
    if (mounted && (mounted.host !== host || mounted.key !== key || !host)) {
      mounted.root.unmount();
      mounted = undefined;
    }
    if (host && route && !mounted) {
      const root = createRoot(host);
      root.render(
        <ClientCredentialsPanel
          organizationUrl={adminOrganizationUrl(trimSlash(env.adminBaseUrl), route.realm, route.id)}
          token={token}
          t={t}
        />,
      );
      mounted = { host, root, key };
    }
  });
}
