package io.orgcredentials.keycloak.admin.credentials;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;

/**
 * One public key in a request, in either form: {@code "jwks": {"keys": [<one public JWK>]}} (RFC 7517, under RFC
 * 7591's client-metadata name) or {@code "publicKeyPem": "-----BEGIN PUBLIC KEY-----..."}; exactly one of the two.
 * The create request and the add-key request take it alike.
 */
final class KeyRequest {

    static final String JWKS = "jwks";
    static final String PEM = "publicKeyPem";
    static final Set<String> FIELDS = Set.of(JWKS, PEM);

    private KeyRequest() {
    }

    /** The key the body carries, checked. */
    static CredentialPublicKey publicKey(ObjectNode body) {
        JsonNode jwks = body.get(JWKS);
        JsonNode pem = body.get(PEM);
        boolean hasJwks = jwks != null && !jwks.isNull();
        boolean hasPem = pem != null && !pem.isNull();
        if (hasJwks && hasPem) {
            throw CredentialException.invalidInput("send the public key once: either '" + JWKS + "' or '" + PEM
                    + "', not both");
        }
        if (hasPem) {
            if (!pem.isTextual()) {
                throw CredentialException.invalidInput("'" + PEM + "' must be a string with a PEM public key");
            }
            return CredentialPublicKey.fromPem(pem.textValue());
        }
        if (!hasJwks) {
            throw CredentialException.invalidInput("a public key is required: '" + JWKS + "' ({\"keys\": [<public JWK>]})"
                    + " or '" + PEM + "'");
        }
        JsonNode keys = jwks.isObject() ? jwks.get("keys") : null;
        if (keys == null || !keys.isArray()) {
            throw CredentialException.invalidInput("'" + JWKS + "' must be a JWK set: {\"keys\": [<one public JWK>]}");
        }
        if (keys.size() != 1) {
            throw CredentialException.invalidInput("'" + JWKS + "' must hold exactly one key (it has " + keys.size()
                    + "); add a second key later with POST .../keys");
        }
        if (jwks.size() != 1) {
            throw CredentialException.invalidInput("'" + JWKS + "' must have only the member 'keys'");
        }
        return CredentialPublicKey.fromJwk(keys.get(0));
    }
}
