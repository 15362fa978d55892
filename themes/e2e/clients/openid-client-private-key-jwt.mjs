// A service on openid-client 6 with a credential backed by a public key: it makes a P-256 key pair, has the
// organization register the public key (the admin API, as an operator would with curl), and gets a token with
// openid-client's PrivateKeyJwt client authentication from Keycloak's discovery document. Driven by
// ClientLibrariesIT, which verifies the token it prints.
import * as client from "openid-client";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const BASE = env("KC_BASE_URL");
const REALM = env("KC_REALM");

const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", keys.publicKey);
const created = await fetch(env("CLIENTS_URL"), {
  method: "POST",
  headers: { Authorization: `Bearer ${env("ADMIN_TOKEN")}`, "Content-Type": "application/json" },
  body: JSON.stringify({ name: "openid-client", jwks: { keys: [{ kty, crv, x, y }] } }),
});
if (created.status !== 201) throw new Error(`registering the key: HTTP ${created.status} ${await created.text()}`);
const { clientId } = await created.json();

const config = await client.discovery(new URL(`${BASE}/realms/${REALM}`), clientId, undefined,
  client.PrivateKeyJwt(keys.privateKey), { execute: [client.allowInsecureRequests] });
const tokens = await client.clientCredentialsGrant(config, { scope: "deployments" });
console.log(JSON.stringify({ clientId, access_token: tokens.access_token }));
console.log("all checks passed");
