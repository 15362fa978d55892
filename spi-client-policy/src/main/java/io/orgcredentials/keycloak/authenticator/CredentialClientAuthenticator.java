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
 * Authenticates organization client credentials, by their hashed secret or, for a credential with public keys, by a
 * client assertion (RFC 7523) that Keycloak's own validator checks against those keys (signature, algorithm,
 * audience, lifetime, single use of its {@code jti} across the cluster); then checks expiry and the organization.
 * Every way of failing gets the answer a wrong secret gets; the reason goes to the login event only. Keycloak runs
 * every client authenticator of the realm's client flow for every client and keeps only the result of the one the
 * client names, so for other clients this one steps aside at once.
 */
public class CredentialClientAuthenticator implements ClientAuthenticator {

    /** The login event detail that says which of a credential's secrets was presented: current or previous. */
    public static final String SECRET_DETAIL = "credential_secret";
    /** The login event detail that names the key (its kid) a client assertion was signed with. */
    public static final String KEY_DETAIL = "credential_key";

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
        if (presented.clientIdsDiffer()) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, "client_id_does_not_match_assertion",
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        if (credential.isPresent() && credential.get().usesKeys()) {
            authenticateByAssertion(context, client, credential.get(), presented, now);
            return;
        }
        if (presented.assertion() != null) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, "client_assertion_for_secret_credential",
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        HashKeys keys = HashKeys.of(context.getRealm());
        Credential.SecretMatch match = credential.isEmpty() || !client.isEnabled()
                ? Credential.SecretMatch.NONE
                : credential.get().secretMatch(presented.secret(), keys,
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
        checkAndFinish(context, credential.get(), keys, now);
    }

    /** A key credential: only a client assertion, checked by {@link AssertionCheck} against the credential's keys. */
    private static void authenticateByAssertion(ClientAuthenticationFlowContext context, ClientModel client,
                                                Credential credential, PresentedCredentials presented, Instant now) {
        if (presented.assertion() == null) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    presented.secret() != null ? "client_secret_for_key_credential" : "client_assertion_missing",
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        if (!client.isEnabled()) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, Errors.CLIENT_DISABLED,
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        AssertionCheck.Result checked = AssertionCheck.validate(context, client, credential.publicKeys());
        if (checked.valid() && (context.getClient() == null || !client.getId().equals(context.getClient().getId()))) {
            checked = AssertionCheck.Result.invalid("client_assertion_for_another_client");
        }
        if (!checked.valid()) {
            reject(context, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, checked.reason(),
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
            return;
        }
        context.getEvent().detail(KEY_DETAIL, checked.kid());
        // A key checked out: from here on the caller has shown it holds the credential and may be told why.
        checkAndFinish(context, credential, HashKeys.of(context.getRealm()), now);
    }

    /** The rules every credential meets for a token, after the caller proved it holds it. */
    private static void checkAndFinish(ClientAuthenticationFlowContext context, Credential credential, HashKeys keys,
                                       Instant now) {
        // (Client scopes are checked where they are known for the request: in the token shaper.)
        CredentialCheck.Outcome outcome = CredentialCheck.check(context.getSession(), context.getRealm(), credential,
                keys, now);
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

    /**
     * What the caller sent: HTTP Basic (preferred, RFC 6749 §2.3.1) or the client_id/client_secret form fields, or a
     * client assertion (RFC 7523 §2.2), whose subject names the client (read here only to find the client: Keycloak's
     * validator checks the assertion).
     */
    record PresentedCredentials(String clientId, String secret, String assertion, boolean clientIdsDiffer) {

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
            String assertion = null;
            MediaType mediaType = context.getHttpRequest().getHttpHeaders().getMediaType();
            if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
                MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
                assertion = form.getFirst(OAuth2Constants.CLIENT_ASSERTION);
                if (clientId == null) {
                    clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
                }
                if (secret == null) {
                    secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
                }
            }
            if (assertion == null) {
                return new PresentedCredentials(clientId, secret, null, false);
            }
            // An assertion names its client; a client id sent besides must be the same one.
            String subject = AssertionCheck.subject(context);
            return new PresentedCredentials(subject, secret, assertion, clientId != null && !clientId.equals(subject));
        }
    }
}
