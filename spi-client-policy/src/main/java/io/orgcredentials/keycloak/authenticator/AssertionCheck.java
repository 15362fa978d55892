package io.orgcredentials.keycloak.authenticator;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.JWTClientValidator;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.util.JWKSUtils;

/**
 * A client assertion (RFC 7523 §2.2) checked the way Keycloak checks one for its own {@code client-jwt}
 * authenticator, by Keycloak's own validator: the assertion type, {@code iss} = {@code sub} = the client, the audience
 * Keycloak accepts, a short lifetime, an algorithm of the key (never {@code none} nor a symmetric one), and a
 * {@code jti} used once across the cluster. The signature is checked with Keycloak's signature providers against the
 * credential's keys as its client holds them now, not against Keycloak's per-node key cache: that cache is not
 * invalidated on the other nodes of a cluster when a client's keys change, so a removed key would keep working there
 * (until a lookup misses a key, at most every 10 seconds, or for a day).
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

    /**
     * The subject of the request's assertion, to find the client it names; null when it is no readable JWS. Read from
     * the parsed assertion the flow's authenticators share (Keycloak's client-jwt parsed it already), not parsed again.
     */
    static String subject(ClientAuthenticationFlowContext context) {
        ClientAssertionState state = state(context);
        return state == null || state.getToken() == null ? null : state.getToken().getSubject();
    }

    private static ClientAssertionState state(ClientAuthenticationFlowContext context) {
        try {
            return context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
        } catch (Exception unreadable) {
            return null;
        }
    }

    /**
     * Runs Keycloak's validator for the request's assertion, which names {@code client}; on failure Keycloak's own
     * answer is replaced later.
     */
    static Result validate(ClientAuthenticationFlowContext context, ClientModel client, List<CredentialPublicKey> keys) {
        JWTClientValidator validator;
        CredentialPublicKey[] verifiedBy = new CredentialPublicKey[1];
        boolean[] signatureChecked = new boolean[1];
        // The parsed assertion's client is the one its subject names, as Keycloak's client-jwt authenticator sets it
        // (26.7 leaves that to the authenticator).
        ClientAssertionState state = state(context);
        if (state != null && state.getClient() == null) {
            state.setClient(client);
        }
        try {
            validator = new JWTClientValidator(context,
                    checked -> {
                        signatureChecked[0] = true;
                        verifiedBy[0] = verifyingKey(context.getSession(), checked.getJws(), keys);
                        return verifiedBy[0] != null;
                    },
                    CredentialConstants.AUTHENTICATOR_ID);
        } catch (Exception malformed) {
            return Result.invalid("client_assertion_malformed");
        }
        try {
            if (!validator.validate()) {
                return Result.invalid("client_assertion_invalid: " + (signatureChecked[0] && verifiedBy[0] == null
                        ? "no key of the credential verifies its signature" : keycloaksReason(context)));
            }
            return new Result(true, null, verifiedBy[0] == null ? null : verifiedBy[0].kid());
        } catch (RuntimeException broken) {
            LOG.debugf(broken, "client assertion of client %s not validated", context.getClient() == null ? "?"
                    : context.getClient().getClientId());
            return Result.invalid("client_assertion_invalid");
        }
    }

    /**
     * The credential's key that verifies the assertion's signature: one of the assertion's algorithm and, when the
     * assertion names a {@code kid}, of that kid; null when none does.
     */
    static CredentialPublicKey verifyingKey(KeycloakSession session, JWSInput jws, List<CredentialPublicKey> keys) {
        String alg = jws.getHeader().getRawAlgorithm();
        String kid = jws.getHeader().getKeyId();
        SignatureProvider signatures = alg == null ? null : session.getProvider(SignatureProvider.class, alg);
        if (signatures == null || !signatures.isAsymmetricAlgorithm()) {
            return null;
        }
        byte[] signed = jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
        for (CredentialPublicKey key : keys) {
            if (!alg.equals(key.alg()) || (kid != null && !kid.equals(key.kid()))) {
                continue;
            }
            try {
                if (signatures.verifier(JWKSUtils.getKeyWrapper(key.toJwk())).verify(signed, jws.getSignature())) {
                    return key;
                }
            } catch (VerificationException | RuntimeException notThisKey) {
                LOG.debugf("assertion not verified by key %s: %s", key.kid(), notThisKey.getMessage());
            }
        }
        return null;
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
