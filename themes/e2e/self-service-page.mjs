// Browser test of the self-service page, driven by SelfServicePageIT (which prepares the realm and passes its
// details in the environment). A member with the manager role signs in with the realm's login page, adds a
// credential, uses the one-time secret, sees the green dot and when it was last used, rotates its secret and deletes
// it; a member without the role sees the
// credentials but no "Add client". Exits non-zero on the first failed expectation; screenshots go to $SCREENSHOTS.
import { deleteRow, env, openBrowser, rowAction, signIn, tokenStatus } from "./browser.mjs";

const BASE = env("KC_BASE_URL");
const REALM = env("KC_REALM");
const MANAGER = env("MANAGER_USER");
const VIEWER = env("VIEWER_USER");
const PASSWORD = env("KC_PASSWORD");
const PAGE = `${BASE}/realms/${REALM}/org-client-credentials/portal/`;
const { browser, context, page, errors, shot, expect } = await openBrowser("portal-", { width: 1280, height: 800 });

const visible = (selector, timeout = 30000) => page.waitForSelector(selector, { timeout }).then(() => true, () => false);

async function signInAs(user) {
  await page.goto(PAGE);
  await page.waitForSelector("#username", { timeout: 60000 });
  await expect(page.url().includes(`/realms/${REALM}/protocol/openid-connect/auth`),
    `the page did not send the member to the realm's login page (at ${page.url()})`);
  await signIn(page, user, PASSWORD);
  await page.waitForSelector('[data-testid="occ-user"]', { timeout: 60000 });
  await expect((await page.textContent('[data-testid="occ-user"]')) === user, `the page does not name ${user} as signed in`);
  await expect(page.url() === PAGE, `after sign-in the page is at ${page.url()}, not ${PAGE} (no code left in the URL)`);
}

try {
  // A member with the manager role.
  await signInAs(MANAGER);
  await visible('[data-testid="occ-used"]');
  await expect((await page.textContent('[data-testid="occ-organization-name"]')) === "acme",
    "the page does not name the member's organization");
  await shot("manager-signed-in");
  await expect(visible('[data-testid="occ-add"]'), 'a member with the manager role sees no "Add client"');

  await page.click('[data-testid="occ-add"]');
  await page.fill('[data-testid="occ-name"]', "portal-made");
  await page.click('[data-testid="occ-create"]');
  await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
  const clientId = await page.inputValue('[data-testid="occ-created-client-id"] input');
  const secret = await page.inputValue('[data-testid="occ-created-secret"] input');
  await expect(/^kcocc_[0-9A-Za-z]{49}$/.test(secret), `the modal shows no secret of the documented format (${secret.length} characters)`);
  await shot("secret-modal");

  // The copy button puts the secret on the clipboard; the secret gets a token.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(BASE).origin });
  await page.locator('[data-testid="occ-created-secret"] button').first().click();
  const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => "");
  await expect(copied === secret, "the copy button did not put the secret on the clipboard");
  const tokenAnswer = await tokenStatus(BASE, REALM, clientId, secret);
  await expect(tokenAnswer === 200, `the secret from the page got HTTP ${tokenAnswer} at the token endpoint`);
  await page.click('[data-testid="occ-secret-done"]');

  const row = page.locator('[data-testid="occ-row-portal-made"]');
  await row.waitFor({ timeout: 30000 });
  await expect((await row.locator('[data-testid="occ-status"]').getAttribute("data-status")) === "active",
    "the new row has no green active dot");
  await expect((await page.textContent('[data-testid="occ-used"]')).includes("of 10"), "the page does not say how much of the limit is used");
  await shot("row-active");

  // The token shows as the last use (written in the background): the status filter reloads the list.
  let lastUsed = "";
  for (let i = 0, filters = ["active", ""]; i < 20 && (lastUsed === "" || lastUsed === "Never"); i++) {
    await page.selectOption('[data-testid="occ-status-filter"]', filters[i % 2]);
    await page.waitForTimeout(700);
    lastUsed = ((await row.locator('[data-testid="occ-last-used"]').textContent().catch(() => "")) ?? "").trim();
  }
  await expect(lastUsed !== "" && lastUsed !== "Never", `Last used still says "${lastUsed}" after a token`);

  // Rotate: a new secret once, and both work during the grace.
  await rowAction(page, row, "Rotate secret");
  await page.click('[data-testid="occ-rotate-confirm"]');
  await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
  const newSecret = await page.inputValue('[data-testid="occ-created-secret"] input');
  await expect(/^kcocc_[0-9A-Za-z]{49}$/.test(newSecret) && newSecret !== secret, "the rotation showed no new secret");
  const [byNew, byOld] = [await tokenStatus(BASE, REALM, clientId, newSecret), await tokenStatus(BASE, REALM, clientId, secret)];
  await expect(byNew === 200 && byOld === 200, `during the grace the new secret got ${byNew} and the old one ${byOld}`);
  await shot("rotated");
  await page.click('[data-testid="occ-secret-done"]');

  await deleteRow(page, row);
  await page.click('[data-testid="occ-delete-confirm"]');
  await expect(row.waitFor({ state: "detached", timeout: 30000 }).then(() => true, () => false), "the deleted row is still listed");
  await shot("deleted");

  // Who manages is shown, and a manager cannot name others.
  await page.waitForSelector('[data-testid="occ-manager"]', { timeout: 30000 });
  await expect((await page.textContent('[data-testid="occ-managers"]')).includes(MANAGER), "the manager is not listed as one");
  await expect(page.locator('[data-testid="occ-add-manager"]').count().then((n) => n === 0), "a member is offered to name managers");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForSelector("#username", { timeout: 60000 });

  // A member without the role: the credentials, but no "Add client", and the reason.
  await signInAs(VIEWER);
  await page.waitForSelector('[data-testid="occ-no-manage"]', { timeout: 30000 });
  await expect(page.locator('[data-testid="occ-add"]').count().then((n) => n === 0), 'a member without the role sees "Add client"');
  await expect(visible('[data-testid="occ-row-kept"]'), "a member without the role does not see the organization's credentials");
  await page.waitForSelector('[data-testid="occ-manager"]', { timeout: 30000 });
  await expect((await page.textContent('[data-testid="occ-managers"]')).includes(MANAGER), "a member does not see who manages");
  await shot("viewer");

  if (errors.length) throw new Error(`errors in the page: ${errors.join(" | ")}`);
  console.log("self-service page: all checks passed");
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
