package io.orgcredentials.keycloak.authenticator;

import io.orgcredentials.keycloak.CredentialConstants;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.authentication.authenticators.client.JWTClientValidator;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * A client assertion (RFC 7523 §2.2) checked the way Keycloak checks one for its own {@code client-jwt}
 * authenticator, by Keycloak's own validator and signature check: the assertion type, {@code iss} = {@code sub} = the
 * client, the audience Keycloak accepts, a short lifetime, an algorithm of the key (never {@code none} nor a symmetric
 * one), the signature against the client's registered keys, and a {@code jti} used once across the cluster. Nothing of
 * that is written here.
 */
final class AssertionCheck {

    private static final Logger LOG = Logger.getLogger(AssertionCheck.class);

    private AssertionCheck() {
    }

    /** What the check found: valid with the kid it was signed with, or invalid for a reason (for the login event). */
    record Result(boolean valid, String reason, String kid) {

        static Result invalid(String reason) {
            return new Result(false, reason, null);
        }
    }

    /** The subject of an assertion, to find the client it names; null when it is no readable JWS. */
    static String subject(String assertion) {
        try {
            return new JWSInput(assertion).readJsonContent(JsonWebToken.class).getSubject();
        } catch (Exception unreadable) {
            return null;
        }
    }

    /**
     * Runs Keycloak's validator for the request's assertion, which names {@code client}; on failure Keycloak's own
     * answer is replaced later.
     */
    static Result validate(ClientAuthenticationFlowContext context, ClientModel client) {
        JWTClientValidator validator;
        try {
            // The parsed assertion the flow's authenticators share: its client is the one the subject names, as
            // Keycloak's client-jwt authenticator sets it (26.7 leaves that to the authenticator).
            ClientAssertionState state = context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
            if (state != null && state.getClient() == null) {
                state.setClient(client);
            }
            validator = new JWTClientValidator(context, new JWTClientAuthenticator()::verifySignature,
                    CredentialConstants.AUTHENTICATOR_ID);
        } catch (Exception malformed) {
            return Result.invalid("client_assertion_malformed");
        }
        try {
            if (!validator.validate()) {
                return Result.invalid("client_assertion_invalid: " + keycloaksReason(context));
            }
            return new Result(true, null, validator.getJws().getHeader().getKeyId());
        } catch (RuntimeException broken) {
            LOG.debugf(broken, "client assertion of client %s not validated", context.getClient() == null ? "?"
                    : context.getClient().getClientId());
            return Result.invalid("client_assertion_invalid");
        }
    }

    /** The description Keycloak's validator gave its failure ("Token reuse detected", ...), for the login event. */
    private static String keycloaksReason(ClientAuthenticationFlowContext context) {
        if (context instanceof AuthenticationProcessor.Result result && result.getChallenge() != null
                && result.getChallenge().getEntity() instanceof OAuth2ErrorRepresentation error
                && error.getErrorDescription() != null) {
            return error.getErrorDescription();
        }
        return context.getError() == null ? "unknown" : context.getError().name();
    }
}
