// The tab's texts, from the realm's admin-theme messages (theme/org-client-credentials/admin/messages), fetched
// the way the stock console fetches its own.
import { type ConsoleEnvironment, trimSlash } from "./environment";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export async function loadMessages(env: Pick<ConsoleEnvironment, "adminBaseUrl" | "realm">): Promise<Translate> {
  const language = (navigator.language || "en").split("-")[0];
  const messages = new Map<string, string>();
  for (const lng of language === "en" ? ["en"] : ["en", language]) {
    try {
      const response = await fetch(`${trimSlash(env.adminBaseUrl)}/resources/${encodeURIComponent(env.realm)}/admin/${lng}`);
      if (response.ok) {
        for (const { key, value } of (await response.json()) as { key: string; value: string }[]) messages.set(key, value);
      }
    } catch {
      // keys are shown instead
    }
  }
  return (key, values = {}) =>
    (messages.get(key) ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}
