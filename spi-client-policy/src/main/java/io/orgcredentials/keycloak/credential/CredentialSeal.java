package io.orgcredentials.keycloak.credential;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;

/**
 * A keyed MAC over everything a credential's client carries for the extension (and the id of its service-account
 * user), stored with it as {@code <key id>:<base64url HMAC>}. Whoever edits an export, a partial import file or the
 * database cannot make a seal for an expiry, an organization or a secret hash of their choosing, so such a client
 * is shown as unusable and gets no token, whichever way it came in. A partial import re-creates the service
 * account under a new id, so a credential imported that way is caught as well; a full export keeps the id.
 */
public final class CredentialSeal {

    private static final String LABEL = "seal\n";

    private CredentialSeal() {
    }

    static String seal(HashKey key, String sealedText) {
        return key.kid() + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CredentialSecret.hmac(key.secret(), LABEL + key.kid() + "\n", sealedText));
    }

    /** The key id a seal names, or null when it names none. */
    public static String keyId(String seal) {
        if (seal == null) {
            return null;
        }
        int colon = seal.indexOf(':');
        return colon > 0 ? seal.substring(0, colon) : null;
    }

    /** Empty when the seal holds for this text under the realm's keys; otherwise why not. */
    static Optional<String> problem(String seal, String sealedText, HashKeys keys) {
        String kid = keyId(seal);
        if (kid == null) {
            return Optional.of("it carries no seal of the org-client-credentials extension: it was made or changed "
                    + "outside the org-client-credentials API");
        }
        byte[] key = keys.verifying(kid);
        if (key == null) {
            return Optional.of(CredentialKeys.missingKey(keys, kid));
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(seal.substring(kid.length() + 1));
        } catch (IllegalArgumentException damaged) {
            expected = null;
        }
        if (expected == null || !MessageDigest.isEqual(expected, CredentialSecret.hmac(key, LABEL + kid + "\n",
                sealedText))) {
            return Optional.of("its credential attributes (organization, expiry, secret hash or public keys) or its service account "
                    + "were changed outside the org-client-credentials API, for example in an import file");
        }
        return Optional.empty();
    }
}
