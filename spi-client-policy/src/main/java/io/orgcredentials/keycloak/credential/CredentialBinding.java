package io.orgcredentials.keycloak.credential;

import java.time.Instant;

/**
 * What a credential's secret hash is bound to: the client (public and internal id) and the credential's organization
 * and expiry, so that a client whose organization or expiry changed outside the extension no longer authenticates,
 * with no database read on the token path. Hashes of version 2 and 1 were also bound to the moment Keycloak stored
 * the client ({@code legacyClientCreated}); that moment is not in an export, so version 3 leaves it out and the
 * credential's seal ({@link CredentialSeal}) binds the client's service account instead.
 */
public record CredentialBinding(String clientId, String clientUuid, Long legacyClientCreated, String organizationId,
                                Instant expiresAt) {

    /** The canonical text of a version 3 hash. */
    String canonical() {
        return clientId + "\n" + clientUuid + "\n" + organizationId + "\n" + expiresAt.getEpochSecond() + "\n";
    }

    /** The canonical text of a version 2 or 1 hash. */
    String legacyCanonical() {
        return clientId + "\n" + clientUuid + "\n" + (legacyClientCreated == null ? "-" : legacyClientCreated)
                + "\n" + organizationId + "\n" + expiresAt.getEpochSecond() + "\n";
    }
}
