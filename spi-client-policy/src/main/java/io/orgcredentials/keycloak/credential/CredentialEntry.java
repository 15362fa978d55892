package io.orgcredentials.keycloak.credential;

import java.time.Instant;

/**
 * What the extension's index holds for one credential, beside its client: the name and dates the admin API lists,
 * pages and counts by, when it last got a token, which expiry notice went out last, and whether Keycloak removed its
 * client by a path other than this extension's delete. How it is stored is the provider's business.
 *
 * @param clientUuid     the internal id of the credential's Keycloak client
 * @param clientId       the client's public id, to find a client an import re-created under a new internal id
 * @param removedAt      when Keycloak removed the client outside this extension; null while it exists
 * @param lastUsedAt     when the credential last got a token (at most one last-used interval stale); null if never
 * @param noticeDays     the fewest days before expiry an expiry notice went out for; null before the first
 */
public record CredentialEntry(String clientUuid, String clientId, String realmId, String organizationId, String name,
                              Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant removedAt,
                              Integer noticeDays) {

    /** Whether this entry says what the credential's attributes say (organization, name, expiry). */
    public boolean describes(Credential credential) {
        return organizationId.equals(credential.organizationId()) && name.equals(credential.name())
                && credential.expiresAt() != null
                && credential.expiresAt().getEpochSecond() == expiresAt.getEpochSecond();
    }

    /** Whether Keycloak removed the client outside this extension (the entry is kept to notice it coming back). */
    public boolean clientRemoved() {
        return removedAt != null;
    }
}
