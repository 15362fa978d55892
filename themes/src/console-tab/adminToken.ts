// An access token for the admin REST API, for the admin who is already logged in to the console.
//
// The stock console keeps its tokens to itself, so this script signs in on its own, silently: an OIDC
// authorization-code request with PKCE and prompt=none for the console's own client (security-admin-console),
// in a hidden iframe. The admin's SSO session answers it without any page or prompt; the redirect lands on a
// path under the console's registered redirect URI (/admin/{realm}/console/*) that serves no console, so nothing
// else on the page sees the code. Plain OIDC: no console internals are used.
import { type ConsoleEnvironment, trimSlash } from "./environment";

type Token = { value: string; expiresAt: number };

const CALLBACK = "org-client-credentials-callback";
const TIMEOUT_MS = 20000;

function base64Url(bytes: Uint8Array) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string) {
  return base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
}

export class NotSignedInError extends Error {}

export function adminTokens(env: ConsoleEnvironment) {
  const redirectUri = new URL(`${trimSlash(env.consoleBaseUrl)}/${CALLBACK}`, location.origin).toString();
  const oidc = `${trimSlash(env.authServerUrl)}/realms/${encodeURIComponent(env.realm)}/protocol/openid-connect`;
  let current: Promise<Token> | undefined;

  async function codeFromHiddenFrame(state: string, challenge: string): Promise<string> {
    const params = new URLSearchParams({
      client_id: env.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      response_mode: "query",
      scope: "openid",
      prompt: "none",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "org-client-credentials sign-in";
    try {
      return await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new NotSignedInError("The sign-in for the Client credentials tab timed out")), TIMEOUT_MS);
        frame.addEventListener("load", () => {
          let url: URL;
          try {
            url = new URL(frame.contentWindow!.location.href);
          } catch {
            return; // still on another origin (the login server): wait for the redirect back
          }
          if (!url.pathname.endsWith(`/${CALLBACK}`)) return;
          clearTimeout(timer);
          const params = url.searchParams;
          if (params.get("state") !== state) reject(new NotSignedInError("The sign-in answer did not match its request"));
          else if (params.get("error")) reject(new NotSignedInError(params.get("error_description") ?? params.get("error")!));
          else resolve(params.get("code")!);
        });
        frame.src = `${oidc}/auth?${params}`;
        document.body.appendChild(frame);
      });
    } finally {
      frame.remove();
    }
  }

  async function signIn(): Promise<Token> {
    const verifier = random();
    const state = random();
    const code = await codeFromHiddenFrame(state, await challengeOf(verifier));
    const response = await fetch(`${oidc}/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: env.clientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.access_token) {
      throw new NotSignedInError(body.error_description ?? `Sign-in failed (HTTP ${response.status})`);
    }
    return { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 };
  }

  /** A token valid for at least 15 more seconds; signs in again (silently) when the last one is about to expire. */
  return async function token(): Promise<string> {
    const cached = current && (await current.catch(() => undefined));
    if (cached && cached.expiresAt - Date.now() > 15000) return cached.value;
    current = signIn();
    return (await current).value;
  };
}
