// The extension's addition to the server's own admin console: loaded by the stock page template through the
// theme's "scripts" property, after the console's own script. It renders only the Client credentials tab, with
// React from the console's import map and PatternFly components whose styles the console already loaded.
import { createRoot, type Root } from "react-dom/client";
import { adminTokens } from "./adminToken";
import { adminOrganizationUrl } from "./api";
import { ClientCredentialsPanel } from "./ClientCredentialsPanel";
import { readEnvironment, trimSlash, type ConsoleEnvironment } from "./environment";
import { consoleLocale, loadMessages, type Translate } from "./messages";
import { organizationRoute, syncTab, watchOrganizationPages } from "./injectTab";

function start(env: ConsoleEnvironment) {
  const token = adminTokens(env);
  let t: Translate | undefined;
  let loading = false;
  let mounted: { host: HTMLElement; root: Root; key: string } | undefined;

  // The texts are loaded when the first organization page shows (the admin's language needs a token, and the
  // console's other pages need nothing of this script), in the language the console itself shows.
  const show = () => {
    const route = organizationRoute();
    if (!t) {
      if (route && !loading) {
        loading = true;
        consoleLocale(env.adminBaseUrl, env.realm, route.realm, token)
          .then((locale) => loadMessages(env.adminBaseUrl, env.realm, locale))
          .then((texts) => {
            t = texts;
            show();
          });
      }
      return;
    }
    const host = syncTab(t("occTab"));
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
  };
  watchOrganizationPages(show);
}

const env = readEnvironment();
if (env) start(env);
