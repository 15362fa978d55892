package io.orgcredentials.keycloak.admin.setup;

import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * What organization members need to manage their organization's credentials themselves: the public client through
 * which the self-service page signs them in with the realm's own login page (who may manage is named per
 * organization, {@code .../organizations/{orgId}/managers}). Not needed for credentials to work. It also reports
 * the realm role that granted the right before 0.6 while anyone still holds it: it grants nothing now.
 */
final class SelfServiceSetup {

    static final String LEGACY_MANAGER_ROLE = "legacy-manager-role";
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
                legacyManagerRole(),
                SetupReport.Check.optional(PORTAL_CLIENT, realm.getClientByClientId(
                                CredentialConstants.PORTAL_CLIENT_ID) != null,
                        "public client '" + CredentialConstants.PORTAL_CLIENT_ID + "' signs members in to the "
                                + "self-service page " + CredentialConstants.portalPath(realm.getName())));
    }

    /**
     * Holders of the role of earlier versions became managers of their organizations at the upgrade; anyone given the
     * role since (an import of an older export, an old script) gets nothing from it, and should hear so.
     */
    private SetupReport.Check legacyManagerRole() {
        RoleModel role = realm.getRole(settings.managerRole());
        long holders = role == null ? 0 : session.users().getRoleMembersStream(realm, role).count();
        return SetupReport.Check.optional(LEGACY_MANAGER_ROLE, holders == 0, holders == 0
                ? "no one holds realm role '" + settings.managerRole() + "', which granted the right to manage "
                        + "credentials before 0.6"
                : holders + " user(s) hold realm role '" + settings.managerRole() + "', which grants nothing since "
                        + "0.6: name each organization's credential managers (PUT /admin/realms/" + realm.getName()
                        + "/org-client-credentials/organizations/{orgId}/managers/{userId}), then delete the role");
    }

    /** Adds what is missing to {@code changes}. */
    void apply(List<String> changes) {
        if (realm.getClientByClientId(CredentialConstants.PORTAL_CLIENT_ID) == null) {
            ClientModel client = ClientManager.createClient(session, realm, portalClient());
            client.setFullScopeAllowed(false);
            changes.add("created client '" + CredentialConstants.PORTAL_CLIENT_ID + "'");
        }
    }

    /**
     * A public client for the page in the extension's jar: authorization code with PKCE only, redirects only to the
     * page, no roles in its tokens (the API reads membership and the organization's managers from Keycloak, not the token).
     */
    private ClientRepresentation portalClient() {
        String page = CredentialConstants.portalPath(realm.getName());
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(CredentialConstants.PORTAL_CLIENT_ID);
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
