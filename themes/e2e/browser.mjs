// What the browser tests share: their environment, headless Debian Chromium through playwright-core, numbered
// screenshots, expectations that screenshot and stop on failure, and the token requests with a secret from the page
// or with a client assertion signed by a key the test made.
import { chromium } from "playwright-core";
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { mkdirSync } from "node:fs";

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** A browser, one page, a screenshot function (`name` -> $SCREENSHOTS/<prefix>NN-name.png) and `expect`. */
export async function openBrowser(prefix, viewport) {
  const shots = env("SCREENSHOTS");
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  let step = 0;
  const shot = (name) =>
    page.screenshot({ path: `${shots}/${prefix}${String(++step).padStart(2, "0")}-${name}.png`, fullPage: true });
  const expect = async (condition, message) => {
    if (!(await condition)) {
      await shot("failure");
      throw new Error(message);
    }
  };
  return { browser, context, page, errors, shot, expect };
}

/**
 * Signs in on the realm's login page that the page is on (Organizations on: the username first, then the password).
 */
export async function signIn(page, user, password) {
  await page.waitForSelector("#username", { timeout: 60000 });
  await page.fill("#username", user);
  if (!(await page.isVisible("#password"))) await page.click("#kc-login");
  await page.waitForSelector("#password", { timeout: 30000 });
  await page.fill("#password", password);
  await page.click("#kc-login");
}

/** The HTTP status of a client_credentials token request with this client id and secret. */
export async function tokenStatus(base, realm, clientId, secret) {
  const response = await fetch(`${base}/realms/${realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded",
      Authorization: "Basic " + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64") },
    body: "grant_type=client_credentials",
  });
  return response.status;
}

/** Picks an item of a row's menu. */
export async function rowAction(page, row, item) {
  await row.locator('button[aria-label="Kebab toggle"]').click();
  await page.getByRole("menuitem", { name: item }).click();
}

/** Deletes a row through its menu and the confirmation. */
export async function deleteRow(page, row) {
  await rowAction(page, row, "Delete");
  await page.waitForSelector('[data-testid="occ-delete-modal"]');
}

/** Reloads until the row's cell matches, or gives up after the timeout; the cell's last text. */
export async function reloadUntil(page, row, testId, matches, timeout = 30000) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    await page.reload();
    await row.waitFor({ timeout: 30000 });
    text = (await row.locator(`[data-testid="${testId}"]`).textContent()) ?? "";
    if (matches(text)) break;
    await page.waitForTimeout(1000);
  }
  return text;
}

/** A P-256 key pair as a service makes one, its public key as PEM and JWK, and the JWK's RFC 7638 thumbprint. */
export function ecKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return {
    privateKey,
    pem: publicKey.export({ type: "spki", format: "pem" }),
    jwk,
    thumbprint: createHash("sha256").update(canonical).digest("base64url"),
  };
}

/** The token endpoint's HTTP status for a one-minute ES256 client assertion (RFC 7523) signed with the key. */
export async function assertionTokenStatus(base, realm, clientId, privateKey) {
  const endpoint = `${base}/realms/${realm}/protocol/openid-connect/token`;
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part({ alg: "ES256", typ: "JWT" })}.${part({ iss: clientId, sub: clientId, aud: endpoint,
    exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID() })}`;
  const signature = sign("sha256", Buffer.from(signed), { key: privateKey, dsaEncoding: "ieee-p1363" });
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: `${signed}.${signature.toString("base64url")}` }).toString(),
  });
  return response.status;
}
