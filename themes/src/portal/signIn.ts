// Signs the member in with the realm's own login page: authorization code flow with PKCE through the public
// client the set-up creates (org-client-credentials-portal), full-page redirects, tokens kept in memory only.
export const PORTAL_CLIENT_ID = "org-client-credentials-portal";

export type Location = { serverUrl: string; realm: string; pageUrl: string };

/** Where the page runs: /{context}/realms/{realm}/org-client-credentials/portal/ */
export function pageLocation(): Location {
  const path = window.location.pathname;
  const at = path.indexOf("/realms/");
  const realm = decodeURIComponent(path.slice(at + "/realms/".length).split("/")[0]);
  const pageUrl = window.location.origin + path.slice(0, path.indexOf("/portal/") + "/portal/".length);
  return { serverUrl: window.location.origin + path.slice(0, at), realm, pageUrl };
}

const oidc = (where: Location, endpoint: string) =>
  `${where.serverUrl}/realms/${encodeURIComponent(where.realm)}/protocol/openid-connect/${endpoint}`;

function randomText(bytes: number) {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function challengeOf(verifier: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export type Session = {
  token: () => Promise<string>;
  username: string;
  /** The member's locale as Keycloak knows it (its locale claim), when the tokens carry one. */
  locale?: string;
  signOut: () => void;
};

type Tokens = { access_token: string; refresh_token?: string; id_token?: string; expires_in: number };

/** The signed-in member, after the redirect back from the login page; otherwise it leaves for the login page. */
export async function signIn(where: Location): Promise<Session | undefined> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get("code");
  const state = query.get("state");
  const expected = sessionStorage.getItem("occ-state");
  const verifier = sessionStorage.getItem("occ-verifier");
  if (!code || !state || state !== expected || !verifier) {
    const newVerifier = randomText(48);
    const newState = randomText(16);
    sessionStorage.setItem("occ-verifier", newVerifier);
    sessionStorage.setItem("occ-state", newState);
    const login = new URL(oidc(where, "auth"));
    login.search = new URLSearchParams({
      client_id: PORTAL_CLIENT_ID,
      redirect_uri: where.pageUrl,
      response_type: "code",
      scope: "openid",
      state: newState,
      code_challenge: await challengeOf(newVerifier),
      code_challenge_method: "S256",
    }).toString();
    window.location.assign(login.toString());
    return undefined;
  }
  sessionStorage.removeItem("occ-state");
  sessionStorage.removeItem("occ-verifier");
  history.replaceState(null, "", where.pageUrl);
  let tokens = await tokenRequest(where, {
    grant_type: "authorization_code",
    code,
    redirect_uri: where.pageUrl,
    code_verifier: verifier,
  });
  let expiresAt = Date.now() + (tokens.expires_in - 10) * 1000;
  const claimsOf = (jwt: string) => JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  const claims = claimsOf(tokens.access_token);
  const idClaims = tokens.id_token ? claimsOf(tokens.id_token) : {};
  return {
    username: claims.preferred_username ?? claims.sub,
    locale: idClaims.locale ?? claims.locale,
    token: async () => {
      if (Date.now() > expiresAt && tokens.refresh_token) {
        tokens = await tokenRequest(where, { grant_type: "refresh_token", refresh_token: tokens.refresh_token });
        expiresAt = Date.now() + (tokens.expires_in - 10) * 1000;
      }
      return tokens.access_token;
    },
    signOut: () => {
      const logout = new URL(oidc(where, "logout"));
      logout.search = new URLSearchParams({
        client_id: PORTAL_CLIENT_ID,
        post_logout_redirect_uri: where.pageUrl,
        ...(tokens.id_token ? { id_token_hint: tokens.id_token } : {}),
      }).toString();
      window.location.assign(logout.toString());
    },
  };
}

async function tokenRequest(where: Location, form: Record<string, string>): Promise<Tokens> {
  const response = await fetch(oidc(where, "token"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: PORTAL_CLIENT_ID, ...form }).toString(),
  });
  if (!response.ok) throw new Error(`Sign-in failed (HTTP ${response.status})`);
  return (await response.json()) as Tokens;
}
