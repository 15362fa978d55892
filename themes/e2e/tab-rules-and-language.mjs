// Browser test of the tab on a server whose operator changed the credential options, for an admin whose console
// speaks German; driven by ConsoleRulesAndLanguageIT. The Add dialog must offer the server's dates (not constants of
// its own), the rotate confirmation the server's grace, and every text of the tab must be the German bundle's.
import { env, openBrowser, rowAction, signIn, tokenStatus } from "./browser.mjs";

const BASE = env("KC_BASE_URL");
const REALM = env("KC_REALM");
const ORG_ID = env("ORG_ID");
const USER = env("KC_USER");
const PASSWORD = env("KC_PASSWORD");
const DEFAULT_DAYS = Number(env("DEFAULT_DAYS")); // the server's default-lifetime, in days
const MAXIMUM_DAYS = Number(env("MAXIMUM_DAYS")); // the server's maximum-lifetime, in days
const GRACE_TEXT = env("GRACE_TEXT"); // the server's rotation-grace as the German bundle words it
const DAY = 24 * 60 * 60 * 1000;
const dayAhead = (days) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const { browser, page, errors, shot, expect } = await openBrowser("rules-de-", { width: 1440, height: 900 });

try {
  await page.goto(`${BASE}/admin/${REALM}/console/`);
  await signIn(page, USER, PASSWORD);
  await page.waitForSelector('nav, [data-testid="page-nav"]', { timeout: 60000 });

  await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/organizations/${ORG_ID}/settings`);
  await page.waitForSelector('[data-testid="organization-tabs"]', { timeout: 30000 });
  const tab = page.locator('[data-testid="clientCredentialsTab"]');
  await expect(tab.waitFor({ timeout: 30000 }).then(() => true, () => false), "the Client credentials tab is missing");
  await expect((await tab.textContent()).includes("Client-Zugangsdaten"),
    `the tab is labelled "${await tab.textContent()}", not in the console's language (German)`);
  await tab.click();
  await page.waitForSelector('[data-testid="occ-add"]', { timeout: 30000 });
  await expect((await page.textContent('[data-testid="occ-add"]')).includes("Client hinzufügen"), "the Add button is not German");
  await expect((await page.textContent('[data-testid="occ-used"]')).includes("von"), "the limit line is not German");
  await shot("tab");

  // The dialog offers the server's default and range.
  await page.click('[data-testid="occ-add"]');
  const expiry = await page.inputValue('[data-testid="occ-expiry"]');
  await expect(expiry === dayAhead(DEFAULT_DAYS), `default expiry ${expiry} is not the server's ${DEFAULT_DAYS} days ahead (${dayAhead(DEFAULT_DAYS)})`);
  const max = await page.getAttribute('[data-testid="occ-expiry"]', "max");
  await expect(max === dayAhead(MAXIMUM_DAYS), `latest selectable expiry ${max} is not the server's ${MAXIMUM_DAYS} days ahead`);
  const help = await page.textContent('[data-testid="occ-expiry-help"]');
  await expect(help.includes("Ablaufdatum"), `the expiry help is not German: ${help}`);
  await shot("add-dialog");

  // The latest day the dialog offers is one the server accepts.
  await page.fill('[data-testid="occ-name"]', "latest-day");
  await page.fill('[data-testid="occ-expiry"]', max);
  await page.click('[data-testid="occ-create"]');
  await page.waitForSelector('[data-testid="occ-secret-modal"]', { timeout: 30000 });
  const clientId = await page.inputValue('[data-testid="occ-created-client-id"] input');
  const secret = await page.inputValue('[data-testid="occ-created-secret"] input');
  await expect((await page.textContent('[data-testid="occ-secret-modal"]')).includes("nur einmal angezeigt"),
    "the secret dialog does not warn in German that the secret is shown once");
  await expect((await tokenStatus(BASE, REALM, clientId, secret)) === 200, "the secret from the dialog gets no token");
  await page.click('[data-testid="occ-secret-done"]');
  const row = page.locator('[data-testid="occ-row-latest-day"]');
  await row.waitFor({ timeout: 30000 });
  await expect((await row.textContent()).includes("Aktiv"), "the new row's status is not German");

  // The rotate confirmation names the server's grace, in German.
  await rowAction(page, row, "Secret rotieren");
  await page.waitForSelector('[data-testid="occ-rotate-modal"]', { timeout: 30000 });
  const rotateText = await page.textContent('[data-testid="occ-rotate-modal"]');
  await expect(rotateText.includes(`noch ${GRACE_TEXT} lang`), `the rotate confirmation does not name the server's grace (${GRACE_TEXT}): ${rotateText}`);
  await shot("rotate-confirm");

  if (errors.length) throw new Error(`errors in the page: ${errors.join(" | ")}`);
  console.log("tab with the server's rules, in German: all checks passed");
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
