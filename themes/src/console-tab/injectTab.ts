// The only code that reaches into the stock console's markup. Keycloak's console has no extension slot for tabs
// (26.4 to 26.7), so this adds a "Client credentials" tab to the tab bar of an organization's page, keyed on
// data-testid="organization-tabs" and PatternFly's tab classes, and, while the tab's route is open, shows the
// extension's panel in place of the stock tab content. It only adds, hides and restores: nothing stock is removed.
// If a Keycloak upgrade moves this markup, the tab simply does not appear (the console keeps working), and the
// browser test (ClientCredentialsTabIT) fails on it.

const TABS = '[data-testid="organization-tabs"]';
const OUR_TAB = "occ-client-credentials-tab";
const PANEL = "occ-client-credentials-panel";
export const TAB_ROUTE = "client-credentials";

export type OrganizationRoute = { realm: string; id: string; ours: boolean };

/** The organization route of the current hash, e.g. #/demo/organizations/<id>/settings. */
export function organizationRoute(): OrganizationRoute | null {
  const match = /^#\/([^/]+)\/organizations\/([^/]+)\/([^/?]+)/.exec(location.hash);
  return match ? { realm: decodeURIComponent(match[1]), id: decodeURIComponent(match[2]), ours: match[3] === TAB_ROUTE } : null;
}

function tabList(): HTMLElement | null {
  return document.querySelector<HTMLElement>(`${TABS} ul[role="tablist"], ${TABS}[role="tablist"], ${TABS} ul`);
}

/** What this script changed on stock elements, to put back when the admin leaves the tab. */
const hidden = new Set<HTMLElement>();
const uncurrent = new Set<HTMLElement>();

function restoreStock() {
  hidden.forEach((element) => (element.hidden = false));
  hidden.clear();
  uncurrent.forEach((element) => element.classList.add("pf-m-current"));
  uncurrent.clear();
}

function addTab(list: HTMLElement, route: OrganizationRoute, label: string) {
  let item = list.querySelector<HTMLElement>(`#${OUR_TAB}`);
  if (!item) {
    const template = list.querySelector("li");
    item = document.createElement("li");
    item.className = template ? template.className.replace(/\bpf-m-current\b/, "").trim() : "pf-v5-c-tabs__item";
    item.id = OUR_TAB;
    item.setAttribute("role", "presentation");
    const link = document.createElement("a");
    link.className = "pf-v5-c-tabs__link";
    link.setAttribute("role", "tab");
    link.setAttribute("data-testid", "clientCredentialsTab");
    const text = document.createElement("span");
    text.className = "pf-v5-c-tabs__item-text";
    text.textContent = label;
    link.appendChild(text);
    item.appendChild(link);
    list.appendChild(item);
  }
  const link = item.querySelector("a")!;
  link.href = `#/${encodeURIComponent(route.realm)}/organizations/${encodeURIComponent(route.id)}/${TAB_ROUTE}`;
  link.setAttribute("aria-selected", String(route.ours));
  item.classList.toggle("pf-m-current", route.ours);
  return item;
}

/**
 * Brings the page in line with the route: the tab on every organization page; on the tab's own route, our tab
 * current, the stock tab panels hidden and our panel host after the tab bar. Returns the host when it is shown.
 */
export function syncTab(label: string): HTMLElement | null {
  const route = organizationRoute();
  const list = tabList();
  if (!route || !list) {
    restoreStock();
    document.getElementById(PANEL)?.remove();
    return null;
  }
  const ours = addTab(list, route, label);
  if (!route.ours) {
    restoreStock();
    document.getElementById(PANEL)?.remove();
    return null;
  }
  list.querySelectorAll<HTMLElement>("li.pf-m-current").forEach((item) => {
    if (item !== ours) {
      item.classList.remove("pf-m-current");
      uncurrent.add(item);
    }
  });
  const tabs = list.closest<HTMLElement>(TABS) ?? list;
  // The stock tab panels of this page (PatternFly renders them next to the tab bar, or in the page section after
  // it); on the tab's route they show the default tab, which the extension's panel replaces.
  const container = tabs.parentElement!;
  const stockPanels = [
    ...container.querySelectorAll<HTMLElement>(':scope > [role="tabpanel"], :scope > .pf-v5-c-tab-content'),
    ...(container.nextElementSibling
      ? container.nextElementSibling.matches('[role="tabpanel"], .pf-v5-c-tab-content, .pf-v5-c-page__main-section')
        ? [container.nextElementSibling as HTMLElement]
        : []
      : []),
  ];
  stockPanels.forEach((panel) => {
    if (panel.id !== PANEL && !panel.hidden) {
      panel.hidden = true;
      hidden.add(panel);
    }
  });
  let host = document.getElementById(PANEL);
  if (!host) {
    host = document.createElement("section");
    host.id = PANEL;
    host.setAttribute("role", "tabpanel");
    host.setAttribute("data-testid", "occ-panel");
  }
  if (host.previousElementSibling !== tabs) tabs.after(host);
  return host;
}

export function watchOrganizationPages(onChange: () => void) {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    onChange();
  };
  new MutationObserver(() => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(run);
    }
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", run);
  run();
}
