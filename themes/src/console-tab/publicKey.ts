// A public key pasted into a dialog (PEM or JWK), read in the browser only to show its RFC 7638 thumbprint before
// anything is sent: the server checks the key and answers with the same thumbprint. Nothing here decides whether a
// key is acceptable; a key the browser cannot read is still sent, and the server's answer says what is wrong.
import type { KeyInput } from "./api";

/** The members RFC 7638 hashes, by key type, in their (lexicographic) order. */
const REQUIRED: Record<string, string[]> = { RSA: ["e", "kty", "n"], EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"] };

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The RFC 7638 thumbprint of a public JWK, or undefined for a key type it does not cover. */
export async function thumbprint(jwk: Record<string, unknown>): Promise<string | undefined> {
  const members = REQUIRED[String(jwk.kty)];
  if (!members || !crypto?.subtle) return undefined;
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(",")}}`;
  return base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical)));
}

/** The ways WebCrypto may read a SubjectPublicKeyInfo: each key type the server accepts. */
const SPKI_ALGORITHMS: (AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams)[] = [
  { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  { name: "ECDSA", namedCurve: "P-256" },
  { name: "ECDSA", namedCurve: "P-384" },
  { name: "ECDSA", namedCurve: "P-521" },
  { name: "Ed25519" },
];

async function jwkOfPem(pem: string): Promise<Record<string, unknown> | undefined> {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, "");
  let der: ArrayBuffer;
  try {
    der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0)).buffer as ArrayBuffer;
  } catch {
    return undefined;
  }
  for (const algorithm of SPKI_ALGORITHMS) {
    try {
      const key = await crypto.subtle.importKey("spki", der, algorithm, true, ["verify"]);
      return (await crypto.subtle.exportKey("jwk", key)) as Record<string, unknown>;
    } catch {
      // the next type
    }
  }
  return undefined;
}

/** What a pasted text is: the request's key and, where the browser can tell, the thumbprint; or why it is no key. */
export type PastedKey = { input: KeyInput; thumbprint?: string } | { problem: "empty" | "private" | "unreadable" };

export async function readPastedKey(text: string): Promise<PastedKey> {
  const pasted = text.trim();
  if (!pasted) return { problem: "empty" };
  if (pasted.includes("PRIVATE KEY")) return { problem: "private" };
  if (pasted.startsWith("-----BEGIN PUBLIC KEY-----")) {
    const jwk = crypto?.subtle ? await jwkOfPem(pasted) : undefined;
    return { input: { publicKeyPem: pasted }, thumbprint: jwk ? await thumbprint(jwk) : undefined };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(pasted);
  } catch {
    return { problem: "unreadable" };
  }
  const set = parsed as { keys?: unknown[] };
  if (Array.isArray(set.keys) && set.keys.length !== 1) return { input: { jwks: { keys: set.keys as object[] } } };
  const jwk = (Array.isArray(set.keys) && set.keys.length === 1 ? set.keys[0] : parsed) as Record<string, unknown>;
  if (!jwk || typeof jwk !== "object" || typeof jwk.kty !== "string") return { problem: "unreadable" };
  if (["d", "p", "q", "dp", "dq", "qi", "k"].some((member) => member in jwk)) return { problem: "private" };
  return { input: { jwks: { keys: [jwk] } }, thumbprint: await thumbprint(jwk) };
}
