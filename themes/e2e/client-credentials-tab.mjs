// Browser test of the "Client credentials" tab, driven by ClientCredentialsTabIT (which prepares the realm and
// passes its details in the environment). Headless Debian Chromium through playwright-core. Exits non-zero with
// a message on the first failed expectation; screenshots go to $SCREENSHOTS.
import { assertionTokenStatus, deleteRow, ecKeyPair, env, openBrowser, reloadUntil, rowAction, signIn, tokenStatus } from "./browser.mjs";

const BASE = env("KC_BASE_URL");
const REALM = env("KC_REALM");
const ORG_ID = env("ORG_ID");
const USER = env("KC_USER");
const PASSWORD = env("KC_PASSWORD");
const SHORT_LIVED = env("SHORT_LIVED_NAME"); // a credential the IT created expiring seconds ahead
const EXPIRING = env("EXPIRING_NAME"); // one expiring in ten days: within the first notice threshold
const MEMBER = env("MEMBER_USER"); // a member of the organization who is no credential manager yet

const { browser, page, errors, shot, expect } = await openBrowser("", { width: 1440, height: 900 });

try {
  // Log in as the realm admin (Organizations on: username first, then password).
  await page.goto(`${BASE}/admin/${REALM}/console/`);
  await signIn(page, USER, PASSWORD);
  await page.waitForSelector('nav, [data-testid="page-nav"]', { timeout: 60000 });

  // Stock pages still work with the theme.
  for (const [section, heading] of [["clients", "Clients"], ["users", "Users"], ["organizations", "Organizations"]]) {
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/${section}`);
    await expect(page.getByRole("heading", { name: heading, exact: true }).first().waitFor({ timeout: 30000 }).then(() => true, () => false),
      `stock page ${section} did not render its "${heading}" heading with the org-client-credentials theme`);
    await shot(`stock-${section}`);
  }

  // The console is the server's own: every script on the page is the stock admin theme's file (served through
  // the theme chain, byte for byte what keycloak.v2 serves), except the one the extension adds.
  const scripts = await page.evaluate(() => [...document.querySelectorAll("script[src]")].map((s) => s.src));
  const ours = scripts.filter((src) => /\/admin\/org-client-credentials\/org-client-credentials\/tab-[\w-]+\.js$/.test(src));
  await expect(ours.length === 1, `expected exactly the extension's one script on the console page, got: ${scripts.join(", ")}`);
  const stock = scripts.filter((src) => !ours.includes(src) && src.includes("/admin/org-client-credentials/"));
  await expect(stock.length > 0, `no stock console script on the page: ${scripts.join(", ")}`);
  for (const src of stock) {
    const [viaTheme, fromStock] = await Promise.all([src, src.replace("/admin/org-client-credentials/", "/admin/keycloak.v2/")]
      .map((url) => fetch(url).then(async (r) => (r.ok ? Buffer.from(await r.arrayBuffer()) : null))));
    await expect(viaTheme && fromStock && viaTheme.equals(fromStock),
      `${src} is not the server's own keycloak.v2 admin script: the theme must not carry a copy of the console`);
  }
  console.log(`console scripts: ${stock.length} from the server's keycloak.v2 theme, 1 from the extension`);

  // The organization's page has the extra tab.
  await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/organizations/${ORG_ID}/settings`);
  await page.waitForSelector('[data-testid="organization-tabs"]', { timeout: 30000 });
  const tab = page.locator('[data-testid="clientCredentialsTab"]');
  await expect(tab.waitFor({ timeout: 15000 }).then(() => true, () => false),
    'the "Client credentials" tab is missing on the organization page: the console markup it is added to '
    + '([data-testid="organization-tabs"]) may have changed with a Keycloak upgrade (see themes/src/admin-ui/injectTab.ts)');
  await shot("organization-with-tab");
  await tab.click();
  await page.waitForSelector('[data-testid="occ-add"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="occ-used"]', { timeout: 30000 });
  await shot("tab");

  // Add a credential through the form; the modal shows the secret once.
  await page.click('[data-testid="occ-add"]');
  await page.fill('[data-testid="occ-name"]', "console-made");
  const expiry = await page.inputValue('[data-testid="occ-expiry"]');
  const sixMonths = new Date(); sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);
  await expect(expiry === sixMonths.toISOString().slice(0, 10), `default expiry ${expiry} is not 6 months ahead`);
  const max = await page.getAttribute('[data-testid="occ-expiry"]', "max");
  const oneYear = new Date(); oneYear.setUTCMonth(oneYear.getUTCMonth() + 12);
  await expect(max === oneYear.toISOString().slice(0, 10), `latest selectable expiry ${max} is not one year ahead`);
  await page.click('[data-testid="occ-create"]');
  await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
  const clientId = await page.inputValue('[data-testid="occ-created-client-id"] input');
  const secret = await page.inputValue('[data-testid="occ-created-secret"] input');
  await expect((await page.textContent('[data-testid="occ-secret-modal"]')).includes("cannot be shown again"),
    "the secret modal does not warn that the secret cannot be shown again");
  await shot("secret-modal");
  await expect(/^kcocc_[0-9A-Za-z]{49}$/.test(secret), `the modal shows no secret of the documented format (${secret.length} characters)`);

  // The secret from the modal gets a token at Keycloak's token endpoint.
  const tokenAnswer = await tokenStatus(BASE, REALM, clientId, secret);
  await expect(tokenAnswer === 200, `the secret from the modal got HTTP ${tokenAnswer} at the token endpoint`);
  await page.click('[data-testid="occ-secret-done"]');

  // The new row has a green "active" dot with a text label.
  const row = page.locator('[data-testid="occ-row-console-made"]');
  await row.waitFor({ timeout: 30000 });
  await expect((await row.locator('[data-testid="occ-status"]').getAttribute("data-status")) === "active", "the new row is not active");
  await expect((await row.textContent()).includes("Active"), "the new row has no 'Active' label");
  await shot("row-active");

  // The token above shows in the Last used column (written in the background, within a second or so).
  const lastUsed = await reloadUntil(page, row, "occ-last-used", (text) => text !== "Never");
  await expect(lastUsed !== "Never" && lastUsed.trim().length > 0, `Last used still says "${lastUsed}" after a token`);

  // Rotate the secret through the row's menu: a new secret once; old and new both work during the grace.
  await rowAction(page, row, "Rotate secret");
  await page.waitForSelector('[data-testid="occ-rotate-modal"]', { timeout: 30000 });
  await expect((await page.textContent('[data-testid="occ-rotate-modal"]')).includes("keeps working"),
    "the rotate confirmation does not say that the current secret keeps working for a while");
  await shot("rotate-confirm");
  await page.click('[data-testid="occ-rotate-confirm"]');
  await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
  const newSecret = await page.inputValue('[data-testid="occ-created-secret"] input');
  await expect(/^kcocc_[0-9A-Za-z]{49}$/.test(newSecret) && newSecret !== secret, "the rotation showed no new secret");
  await expect(await page.isVisible('[data-testid="occ-rotated-previous"]'), "the rotation does not say until when the previous secret works");
  await shot("rotate-secret-modal");
  const [byNew, byOld] = [await tokenStatus(BASE, REALM, clientId, newSecret), await tokenStatus(BASE, REALM, clientId, secret)];
  await expect(byNew === 200 && byOld === 200, `during the grace the new secret got ${byNew} and the old one ${byOld}`);
  await page.click('[data-testid="occ-secret-done"]');
  await row.locator('[data-testid="occ-previous-secret"]').waitFor({ timeout: 30000 });
  await shot("row-rotated");

  // Ten days to go: an amber dot and "expires in 10 days".
  const expiringRow = page.locator(`[data-testid="occ-row-${EXPIRING}"]`);
  await expect((await expiringRow.locator('[data-testid="occ-status"]').getAttribute("data-status")) === "expiring",
    "the credential expiring in ten days has no amber (expiring) dot");
  await expect((await expiringRow.textContent()).includes("expires in 10 days"), "the expiring row does not say 'expires in 10 days'");
  await shot("row-expiring");

  // The credential created seconds ahead turns red "expired" after a reload.
  const shortRow = page.locator(`[data-testid="occ-row-${SHORT_LIVED}"]`);
  await shortRow.waitFor({ timeout: 30000 });
  const deadline = Date.now() + 30000;
  let status = "";
  while (Date.now() < deadline) {
    await page.reload();
    await shortRow.waitFor({ timeout: 30000 });
    status = await shortRow.locator('[data-testid="occ-status"]').getAttribute("data-status");
    if (status === "expired") break;
    await page.waitForTimeout(2000);
  }
  await expect(status === "expired", `the short-lived credential shows "${status}", not expired`);
  await expect((await shortRow.textContent()).includes("Expired"), "the expired row has no 'Expired' label");
  await shot("row-expired");

  // Delete through the row's menu.
  await deleteRow(page, row);
  await expect((await page.textContent('[data-testid="occ-delete-modal"]')).includes("stay valid until they expire"),
    "the delete confirmation does not say that issued tokens stay valid");
  await shot("delete-confirm");
  await page.click('[data-testid="occ-delete-confirm"]');
  await expect(row.waitFor({ state: "detached", timeout: 30000 }).then(() => true, () => false), "the deleted row is still listed");

  // A credential with a public key: the dialog shows the key's thumbprint before creating, no secret is shown, and
  // the row says how it authenticates. An assertion signed with the key gets a token.
  const first = ecKeyPair();
  await page.click('[data-testid="occ-add"]');
  await page.fill('[data-testid="occ-name"]', "console-keyed");
  await page.click('[data-testid="occ-method-key"]');
  await page.fill('[data-testid="occ-public-key"]', first.pem);
  await expect(await page.locator('[data-testid="occ-key-help"]').filter({ hasText: first.thumbprint })
    .waitFor({ timeout: 15000 }).then(() => true, () => false), `the dialog does not show the key's thumbprint ${first.thumbprint}`);
  await shot("add-with-key");
  await page.click('[data-testid="occ-create"]');
  const keyedRow = page.locator('[data-testid="occ-row-console-keyed"]');
  await keyedRow.waitFor({ timeout: 30000 });
  await expect(!(await page.isVisible('[data-testid="occ-secret-modal"]')), "a secret modal opened for a credential with a public key");
  await expect((await keyedRow.locator('[data-testid="occ-method"]').textContent()) === "Public key",
    "the row of the key credential does not say 'Public key'");
  const keyedClientId = (await keyedRow.locator("td").nth(1).textContent()).trim();
  await expect(await assertionTokenStatus(BASE, REALM, keyedClientId, first.privateKey) === 200,
    "an assertion signed with the registered key got no token");
  await shot("row-keyed");

  // Add key (pasted as a JWK), then remove the first: the second works, the first is refused.
  const second = ecKeyPair();
  await rowAction(page, keyedRow, "Add key");
  await page.waitForSelector('[data-testid="occ-add-key-modal"]', { timeout: 30000 });
  await page.fill('[data-testid="occ-public-key"]', JSON.stringify(second.jwk));
  await expect(await page.locator('[data-testid="occ-key-help"]').filter({ hasText: second.thumbprint })
    .waitFor({ timeout: 15000 }).then(() => true, () => false), "the add-key dialog does not show the new key's thumbprint");
  await page.click('[data-testid="occ-add-key-confirm"]');
  await keyedRow.locator('[data-testid="occ-method"][data-keys="2"]').waitFor({ timeout: 30000 });
  await shot("row-two-keys");
  await rowAction(page, keyedRow, "Remove key");
  await page.waitForSelector('[data-testid="occ-remove-key-modal"]', { timeout: 30000 });
  await page.selectOption('[data-testid="occ-remove-kid"]', first.thumbprint);
  await page.click('[data-testid="occ-remove-key-confirm"]');
  await keyedRow.locator('[data-testid="occ-method"][data-keys="1"]').waitFor({ timeout: 30000 });
  const [bySecond, byFirst] = [await assertionTokenStatus(BASE, REALM, keyedClientId, second.privateKey),
    await assertionTokenStatus(BASE, REALM, keyedClientId, first.privateKey)];
  await expect(bySecond === 200 && byFirst === 401, `after removing the first key: second ${bySecond}, first ${byFirst}`);
  await deleteRow(page, keyedRow);
  await page.click('[data-testid="occ-delete-confirm"]');
  await keyedRow.waitFor({ state: "detached", timeout: 30000 });

  // Fill the organization up to its limit: "Add client" is disabled and says why.
  const used = Number((await page.textContent('[data-testid="occ-used"]')).match(/(\d+) of (\d+)/)[1]);
  const limit = Number((await page.textContent('[data-testid="occ-used"]')).match(/(\d+) of (\d+)/)[2]);
  for (let i = used; i < limit; i++) {
    await page.click('[data-testid="occ-add"]');
    await page.fill('[data-testid="occ-name"]', `filler-${i}`);
    await page.click('[data-testid="occ-create"]');
    await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
    await page.click('[data-testid="occ-secret-done"]');
    await page.locator(`[data-testid="occ-row-filler-${i}"]`).waitFor({ timeout: 30000 });
  }
  await page.waitForSelector('[data-testid="occ-limit-reached"]', { timeout: 30000 });
  await expect((await page.getAttribute('[data-testid="occ-add"]', "aria-disabled")) === "true", "Add client is not disabled at the limit");
  await shot("limit-reached");

  // The organization's credential managers: name the member, see them listed, remove them again.
  await page.waitForSelector('[data-testid="occ-no-managers"]', { timeout: 30000 });
  await page.selectOption('[data-testid="occ-manager-candidate"]', { label: MEMBER });
  await page.click('[data-testid="occ-add-manager"]');
  await page.waitForSelector('[data-testid="occ-manager"]', { timeout: 30000 });
  await expect((await page.textContent('[data-testid="occ-manager"]')).includes(MEMBER), `${MEMBER} is not listed as a manager`);
  await shot("manager-named");
  await page.click(`[data-testid="occ-remove-manager-${MEMBER}"]`);
  await page.waitForSelector('[data-testid="occ-no-managers"]', { timeout: 30000 });

  // Back to a stock tab: the stock content returns and the extension's panel is gone.
  await page.locator('[data-testid="organization-tabs"] a', { hasText: "Settings" }).first().click();
  await expect(page.waitForSelector('[data-testid="occ-panel"]', { state: "detached", timeout: 15000 }).then(() => true, () => false),
    "the Client credentials panel stays on the page after switching to the Settings tab");
  await expect(page.locator("#kc-name, [data-testid='name'], input[name='name']").first().waitFor({ timeout: 15000 }).then(() => true, () => false),
    "the stock Settings tab did not come back after leaving the Client credentials tab");
  await shot("back-to-settings");

  if (errors.length) throw new Error(`errors in the page: ${errors.join(" | ")}`);
  console.log("client credentials tab: all checks passed");
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
