package io.orgcredentials.keycloak.credential;

import java.time.Instant;

/**
 * What a credential's secret hash is bound to: the client (public id, internal id and the moment Keycloak stored
 * it) and the credential's organization and expiry. If any of them changes outside the extension — an attribute
 * edited by a partial import, or the client deleted and re-created from an export — the secret stops matching and
 * the credential gets no token, with no database read on the token path.
 */
public record CredentialBinding(String clientId, String clientUuid, Long clientCreatedTimestamp, String organizationId,
                                Instant expiresAt) {

    /** The canonical text hashed with the secret. */
    String canonical() {
        return clientId + "\n" + clientUuid + "\n" + (clientCreatedTimestamp == null ? "-" : clientCreatedTimestamp)
                + "\n" + organizationId + "\n" + expiresAt.getEpochSecond() + "\n";
    }
}
