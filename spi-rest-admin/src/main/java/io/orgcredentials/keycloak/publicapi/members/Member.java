package io.orgcredentials.keycloak.publicapi.members;

import java.util.Comparator;
import java.util.List;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A person calling the members' API with their own access token from the realm's self-service client (or from a
 * client an operator gave that audience), as Keycloak verified it: signature, expiry, active session, enabled
 * user. What they may do is decided from Keycloak's current state (membership, the manager role), never from
 * claims in the token.
 */
public final class Member {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final AccessToken token;
    private final ClientModel client;

    private Member(KeycloakSession session, RealmModel realm, UserModel user, AccessToken token, ClientModel client) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.token = token;
        this.client = client;
    }

    /** The caller of this request; 401 without a valid user token meant for the self-service client. */
    public static Member authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null || auth.getUser() == null) {
            throw unauthorized(realm, "Send the access token of a user of realm " + realm.getName()
                    + " (Authorization: Bearer ...)");
        }
        AccessToken token = auth.getToken();
        String portal = OrgCredentialsConstants.PORTAL_CLIENT_ID;
        if (!portal.equals(token.getIssuedFor()) && !token.hasAudience(portal)) {
            throw unauthorized(realm, "The access token was not issued for the self-service client '" + portal
                    + "' (nor has it that audience)");
        }
        return new Member(session, realm, auth.getUser(), token, auth.getClient());
    }

    private static ErrorResponseException unauthorized(RealmModel realm, String description) {
        return new ErrorResponseException(Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\", error=\""
                        + OAuthErrorException.INVALID_TOKEN + "\"")
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_TOKEN, description))
                .build());
    }

    public UserModel user() {
        return user;
    }

    AccessToken token() {
        return token;
    }

    ClientModel client() {
        return client;
    }

    RealmModel realm() {
        return realm;
    }

    public boolean isMemberOf(OrganizationModel organization) {
        return session.getProvider(OrganizationProvider.class).isMember(organization, user);
    }

    /** Whether the member holds the realm's credential-manager role (directly, through a group or a composite). */
    public boolean isCredentialManager() {
        RoleModel role = realm.getRole(CredentialSettings.of(session).managerRole());
        return role != null && user.hasRole(role);
    }

    /** The caller's enabled organizations, by alias, and whether they may manage each one's credentials. */
    public List<MemberOrganizationRepresentation> organizations() {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        boolean manager = isCredentialManager();
        return session.getProvider(OrganizationProvider.class).getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .sorted(Comparator.comparing(OrganizationModel::getAlias))
                .map(organization -> new MemberOrganizationRepresentation(organization.getId(), organization.getAlias(),
                        organization.getName(), manager))
                .toList();
    }
}
