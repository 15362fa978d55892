package io.orgcredentials.keycloak.publicapi.members;

import java.util.Comparator;
import java.util.List;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.manager.OrganizationManagers;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A person calling the members' API with their own access token issued to the realm's self-service client (or to a
 * client the server's option {@code members-api-clients} lists), as Keycloak verified it: signature, expiry, active session, enabled
 * user. What they may do is decided from Keycloak's current state (membership, the organization's managers), never
 * from claims in the token.
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
        // By the client the token was issued to (azp), never by its audience: Keycloak adds the self-service client
        // to the audience of every full-scope client's tokens once that client has a role.
        String issuedFor = token.getIssuedFor();
        if (!CredentialConstants.PORTAL_CLIENT_ID.equals(issuedFor)
                && !CredentialSettings.of(session).memberApiClients().contains(issuedFor)) {
            throw unauthorized(realm, "The access token was not issued to the self-service client '"
                    + CredentialConstants.PORTAL_CLIENT_ID + "' (nor to a client the server's option "
                    + "members-api-clients lists)");
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

    /** Whether the member is one of this organization's credential managers (named there, and still a member). */
    public boolean isCredentialManager(OrganizationModel organization) {
        return new OrganizationManagers(session, realm).isManager(organization, user);
    }

    /** The caller's enabled organizations, by alias, and whether they may manage each one's credentials. */
    public List<MemberOrganizationRepresentation> organizations() {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        return session.getProvider(OrganizationProvider.class).getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .sorted(Comparator.comparing(OrganizationModel::getAlias))
                .map(organization -> new MemberOrganizationRepresentation(organization.getId(), organization.getAlias(),
                        organization.getName(), isCredentialManager(organization)))
                .toList();
    }
}
