package io.orgcredentials.keycloak.authenticator;

import java.time.Instant;
import java.util.Optional;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.check.CredentialCheck;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.util.BasicAuthHelper;

/**
 * Authenticates organization client credentials against their hashed secret, then checks expiry and the
 * organization. Keycloak runs every client authenticator of the realm's client flow for every client and keeps
 * only the result of the one the client names, so for other clients this one steps aside at once.
 */
public class CredentialClientAuthenticator implements ClientAuthenticator {

    /** The login event detail that says which of a credential's secrets was presented: current or previous. */
    public static final String SECRET_DETAIL = "credential_secret";

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        PresentedCredentials presented = PresentedCredentials.read(context);
        if (presented.clientId() == null) {
            context.attempted();
            return;
        }
        ClientModel client = context.getSession().clients().getClientByClientId(context.getRealm(), presented.clientId());
        if (client == null || !CredentialConstants.AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())) {
            context.attempted();
            return;
        }
        context.setClient(client);
        context.getEvent().client(client);

        Instant now = CredentialClock.now();
        Optional<Credential> credential = Credential.of(client);
        Credential.SecretMatch match = credential.isEmpty() || !client.isEnabled()
                ? Credential.SecretMatch.NONE
                : credential.get().secretMatch(presented.secret(), HashKeys.of(context.getRealm()),
                        CredentialSettings.of(context.getSession()).unkeyedHashes(), now);
        if (match == Credential.SecretMatch.NONE) {
            // One answer for a disabled client, a damaged credential and a wrong secret.
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    !client.isEnabled() ? Errors.CLIENT_DISABLED : Errors.INVALID_CLIENT_CREDENTIALS, CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        // Which secret: after a rotation, the login events show who still uses the one being replaced.
        context.getEvent().detail(SECRET_DETAIL, match == Credential.SecretMatch.CURRENT ? "current" : "previous");

        // The secret checked out: from here on the caller has shown it holds the credential and may be told why.
        // (Client scopes are checked where they are known for the request: in the token shaper.)
        CredentialCheck.Outcome outcome = CredentialCheck.check(context.getSession(), context.getRealm(), credential.get(),
                now);
        if (outcome.isRefused()) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, outcome.refusal().reason(),
                    outcome.refusal().description());
            return;
        }
        context.success();
    }

    private static void reject(ClientAuthenticationFlowContext context,
                               AuthenticationFlowError error, String reason, String description) {
        context.getEvent().detail(Details.REASON, reason);
        context.getSession().getProvider(CredentialProvider.class).tokenRefused(context.getRealm(), reason);
        // Exactly Keycloak's answer for an unknown client (ClientAuthUtil.errorResponse): no WWW-Authenticate challenge
        // either, so that an outsider cannot tell a credential's client id from an unknown one.
        Response response = Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_CLIENT, description))
                .build();
        context.failure(error, response);
    }

    @Override
    public void close() {
    }

    /** What the caller sent: HTTP Basic (preferred, RFC 6749 §2.3.1) or the client_id/client_secret form fields. */
    record PresentedCredentials(String clientId, String secret) {

        static PresentedCredentials read(ClientAuthenticationFlowContext context) {
            String clientId = null;
            String secret = null;
            String authorization = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null) {
                String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
                if (basic != null) {
                    clientId = basic[0];
                    secret = basic[1];
                }
            }
            MediaType mediaType = context.getHttpRequest().getHttpHeaders().getMediaType();
            if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
                MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
                if (clientId == null) {
                    clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
                }
                if (secret == null) {
                    secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
                }
            }
            return new PresentedCredentials(clientId, secret);
        }
    }
}
