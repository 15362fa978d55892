package io.orgcredentials.keycloak.admin.setup;

import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * What organization members need to manage their organization's credentials themselves: the realm role that
 * grants the right (a realm admin gives it to members), and the public client through which the self-service page
 * signs them in with the realm's own login page. Neither is needed for credentials to work.
 */
final class SelfServiceSetup {

    static final String MANAGER_ROLE = "self-service-role";
    static final String PORTAL_CLIENT = "self-service-client";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialSettings settings;

    SelfServiceSetup(KeycloakSession session, RealmModel realm, CredentialSettings settings) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
    }

    List<SetupReport.Check> check() {
        return List.of(
                SetupReport.Check.optional(MANAGER_ROLE, realm.getRole(settings.managerRole()) != null,
                        "realm role '" + settings.managerRole() + "': members of an organization who hold it manage "
                                + "its client credentials"),
                SetupReport.Check.optional(PORTAL_CLIENT, realm.getClientByClientId(
                                OrgCredentialsConstants.PORTAL_CLIENT_ID) != null,
                        "public client '" + OrgCredentialsConstants.PORTAL_CLIENT_ID + "' signs members in to the "
                                + "self-service page " + OrgCredentialsConstants.portalPath(realm.getName())));
    }

    /** Adds what is missing to {@code changes}. */
    void apply(List<String> changes) {
        if (realm.getRole(settings.managerRole()) == null) {
            realm.addRole(settings.managerRole()).setDescription("Members of an organization who hold this role "
                    + "manage the organization's client credentials (org-client-credentials self-service)");
            changes.add("created realm role '" + settings.managerRole() + "'");
        }
        if (realm.getClientByClientId(OrgCredentialsConstants.PORTAL_CLIENT_ID) == null) {
            ClientModel client = ClientManager.createClient(session, realm, portalClient());
            client.setFullScopeAllowed(false);
            changes.add("created client '" + OrgCredentialsConstants.PORTAL_CLIENT_ID + "'");
        }
    }

    /**
     * A public client for the page in the extension's jar: authorization code with PKCE only, redirects only to the
     * page, no roles in its tokens (the API reads the member's role and membership from Keycloak, not the token).
     */
    private ClientRepresentation portalClient() {
        String page = OrgCredentialsConstants.portalPath(realm.getName());
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(OrgCredentialsConstants.PORTAL_CLIENT_ID);
        rep.setName("Client credentials self-service");
        rep.setDescription("Signs organization members in to " + page + " (org-client-credentials)");
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setEnabled(true);
        rep.setPublicClient(true);
        rep.setStandardFlowEnabled(true);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setFullScopeAllowed(false);
        rep.setRootUrl("${authBaseUrl}");
        rep.setBaseUrl(page);
        rep.setRedirectUris(List.of(page + "*"));
        rep.setWebOrigins(List.of("+"));
        rep.setAttributes(Map.of("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", page + "*"));
        rep.setDefaultClientScopes(List.of(OIDCLoginProtocolFactory.BASIC_SCOPE, "profile"));
        rep.setOptionalClientScopes(List.of());
        return rep;
    }
}
