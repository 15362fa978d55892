package io.orgcredentials.keycloak.credential;

import io.orgcredentials.keycloak.hashkey.HashKeys;

/** The one wording for "the hash key a credential names is not usable in its realm", and for "it has no key". */
final class CredentialKeys {

    /** A version 1 hash, of the first builds: anyone who can write a client's attributes could make one. */
    static final String UNKEYED_HASH = "its secret hash is of the first builds, without a key, and such hashes do not "
            + "verify unless the server option unkeyed-hashes is on: rotate its secret while the option is on, or "
            + "create a new credential";

    private CredentialKeys() {
    }

    static String missingKey(HashKeys keys, String kid) {
        return keys.byKid(kid).map(key -> key.isUsable()
                        ? "its hash key '" + kid + "' is disabled (enable it in Realm settings → Keys, or create a new "
                        + "credential)"
                        : "its hash key '" + kid + "' has no key material (imported from an export whose secrets were "
                        + "masked): create a new credential")
                .orElse("imported without its hash key: create a new credential (or restore the realm's hash key '"
                        + kid + "' from a full export)");
    }
}
