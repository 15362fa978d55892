// The self-service page of the org-client-credentials extension, served by the extension at
// /realms/{realm}/org-client-credentials/portal/ with its own copy of React and PatternFly (the account console's
// look). It signs the member in, then shows their organization's client credentials.
import "@patternfly/react-core/dist/styles/base.css";
import { createRoot } from "react-dom/client";
import { loadMessages } from "../console-tab/messages";
import { PortalPage } from "./PortalPage";
import { pageLocation, signIn } from "./signIn";

const where = pageLocation();
const session = await signIn(where);
if (session) {
  // The member's own locale (Keycloak's locale claim) where the token has it, else the browser's.
  const t = await loadMessages(where.serverUrl, where.realm, session.locale ?? navigator.language);
  createRoot(document.getElementById("app")!).render(<PortalPage where={where} session={session} t={t} />);
}
