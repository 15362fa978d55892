// What the stock console's page template (keycloak.v2 admin index.ftl) tells its scripts: the same JSON block in
// Keycloak 26.4 to 26.7. Only the fields this script needs.
export type ConsoleEnvironment = {
  /** Base URL of the admin REST API, e.g. http://localhost:8080 */
  adminBaseUrl: string;
  /** Base URL of the realms' OIDC endpoints */
  authServerUrl: string;
  /** The realm the admin logged in to (the console's own realm, "master" for the master console) */
  realm: string;
  /** The console's own OIDC client (security-admin-console) */
  clientId: string;
  /** Path of the console, e.g. /admin/master/console/ */
  consoleBaseUrl: string;
};

export function readEnvironment(): ConsoleEnvironment | undefined {
  const element = document.getElementById("environment");
  if (!element?.textContent) return undefined;
  try {
    return JSON.parse(element.textContent) as ConsoleEnvironment;
  } catch {
    return undefined;
  }
}

export const trimSlash = (url: string) => url.replace(/\/+$/, "");
