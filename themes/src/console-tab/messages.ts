// The tab's and the self-service page's texts, in the language the user works in: the realm's admin-theme messages
// (theme/org-client-credentials/admin/messages), fetched the way the stock console fetches its own, English first and
// the user's language over it, so that a key a translation lacks still reads as English.
import { trimSlash } from "./environment";

export type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  /** The language the texts are in (a BCP 47 tag), for formatting dates alike. */
  locale: string;
};

/** The languages the extension ships besides English: Keycloak's own bundle names, as language tags. */
export const LANGUAGES = ["de", "es", "fr", "ja", "pt-BR", "zh-Hans"] as const;

/**
 * The shipped language for a user's BCP 47 tag: the same tag, else the same language ("pt" and "pt-PT" read
 * Brazilian Portuguese, "zh", "zh-CN" and "zh-SG" Simplified Chinese), else English.
 */
export function languageFor(tag: string | undefined): string {
  if (!tag) return "en";
  const wanted = tag.replace(/_/g, "-").toLowerCase();
  const exact = LANGUAGES.find((language) => language.toLowerCase() === wanted);
  if (exact) return exact;
  const [language, region] = wanted.split("-");
  if (language === "zh") return region === "tw" || region === "hk" || region === "mo" || region === "hant" ? "en" : "zh-Hans";
  return LANGUAGES.find((candidate) => candidate.toLowerCase().split("-")[0] === language) ?? "en";
}

/**
 * The language the stock admin console shows this admin: the console asks Keycloak's whoami endpoint (the admin's
 * locale attribute, the realm's default, the browser's languages, as the realm's internationalization allows), and
 * so does this. The browser's language where it cannot be had.
 */
export async function consoleLocale(adminBaseUrl: string, consoleRealm: string, currentRealm: string, token: () => Promise<string>) {
  try {
    const response = await fetch(
      `${trimSlash(adminBaseUrl)}/admin/${encodeURIComponent(consoleRealm)}/console/whoami?currentRealm=${encodeURIComponent(currentRealm)}`,
      { headers: { Authorization: `Bearer ${await token()}` } },
    );
    if (response.ok) {
      const whoAmI = (await response.json()) as { locale?: string; localeLanguageTag?: string };
      const tag = whoAmI.localeLanguageTag ?? whoAmI.locale;
      if (tag) return tag;
    }
  } catch {
    // the browser's language below
  }
  return navigator.language;
}

export async function loadMessages(serverUrl: string, realm: string, userLocale: string | undefined): Promise<Translate> {
  const language = languageFor(userLocale);
  const messages = new Map<string, string>();
  for (const lng of language === "en" ? ["en"] : ["en", language]) {
    try {
      const response = await fetch(`${trimSlash(serverUrl)}/resources/${encodeURIComponent(realm)}/admin/${lng}`);
      if (response.ok) {
        for (const { key, value } of (await response.json()) as { key: string; value: string }[]) messages.set(key, value);
      }
    } catch {
      // keys are shown instead
    }
  }
  const translate = (key: string, values: Record<string, string | number> = {}) =>
    (messages.get(key) ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
  return Object.assign(translate, { locale: language });
}
