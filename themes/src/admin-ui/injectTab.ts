// The only code that reaches into the stock console's markup: it adds a "Client credentials" tab to the tab bar
// of an organization's page (the console has no extension slot for tabs in Keycloak 26.7). If a Keycloak upgrade
// moves this markup the tab disappears, and the browser test (ClientCredentialsTabIT) fails on it.

const TABS = '[data-testid="organization-tabs"]';
const OUR_TAB = "occ-client-credentials-tab";

/** The organization route of the current hash, e.g. #/demo/organizations/<id>/settings. */
function organizationPath(): { realm: string; id: string; ours: boolean } | null {
  const match = /^#\/([^/]+)\/organizations\/([^/]+)\/([^/?]+)/.exec(location.hash);
  return match ? { realm: match[1], id: match[2], ours: match[3] === "client-credentials" } : null;
}

function addTab(label: string) {
  const where = organizationPath();
  const tabList = document.querySelector(`${TABS} ul[role="tablist"], ${TABS}[role="tablist"], ${TABS} ul`);
  if (!where || !tabList || tabList.querySelector(`#${OUR_TAB}`)) {
    return;
  }
  const template = tabList.querySelector("li");
  const item = document.createElement("li");
  item.className = template ? template.className.replace(/\bpf-m-current\b/, "") : "pf-v5-c-tabs__item";
  item.id = OUR_TAB;
  item.setAttribute("role", "presentation");
  const link = document.createElement("a");
  link.className = "pf-v5-c-tabs__link";
  link.setAttribute("role", "tab");
  link.setAttribute("data-testid", "clientCredentialsTab");
  link.href = `#/${where.realm}/organizations/${where.id}/client-credentials`;
  const text = document.createElement("span");
  text.className = "pf-v5-c-tabs__item-text";
  text.textContent = label;
  link.appendChild(text);
  item.appendChild(link);
  tabList.appendChild(item);
}

export function watchOrganizationTabs(label: string) {
  new MutationObserver(() => addTab(label)).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", () => addTab(label));
}
