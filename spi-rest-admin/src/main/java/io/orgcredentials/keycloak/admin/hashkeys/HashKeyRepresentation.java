package io.orgcredentials.keycloak.admin.hashkeys;

import io.orgcredentials.keycloak.hashkey.HashKey;

/**
 * A realm's hash key as the API shows it: never its material.
 *
 * @param kid         what hashes and seals name
 * @param status      active (hashes new secrets), passive (verifies only), disabled or damaged
 * @param priority    of the enabled, active keys the highest priority hashes
 * @param credentials how many credentials still need it (while more than 0 it cannot be removed)
 * @param componentId the realm component (Realm settings → Keys → Providers)
 */
public record HashKeyRepresentation(String kid, String status, long priority, int credentials, String componentId,
                                    String name) {

    static HashKeyRepresentation of(HashKey key, boolean hashesNewSecrets, int credentials) {
        String status = key.mayHash() && !hashesNewSecrets ? "passive" : key.status();
        return new HashKeyRepresentation(key.kid(), status, key.priority(), credentials, key.componentId(), key.name());
    }
}
