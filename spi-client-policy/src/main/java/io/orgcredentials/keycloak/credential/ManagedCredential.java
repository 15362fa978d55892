package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.Optional;

import org.keycloak.models.ClientModel;

/**
 * A credential as the extension manages it: the Keycloak client that carries it and its index entry, which is
 * authoritative for name and dates (null for a client that carries credential attributes but was made outside the
 * extension, for example by an import), with what {@link CredentialProvider} found about whether it can be used.
 */
public record ManagedCredential(ClientModel client, CredentialEntry entry, Optional<String> unusableReason) {

    public String clientId() {
        return client.getClientId();
    }

    public String name() {
        if (entry != null) {
            return entry.name();
        }
        return Credential.of(client).map(Credential::name).orElse(client.getName());
    }

    /** Null when neither the entry nor the client's attributes tell. */
    public Instant createdAt() {
        return entry != null ? entry.createdAt()
                : Credential.of(client).map(Credential::createdAt).orElse(null);
    }

    /** Null when neither the entry nor the client's attributes tell. */
    public Instant expiresAt() {
        return entry != null ? entry.expiresAt()
                : Credential.of(client).map(Credential::expiresAt).orElse(null);
    }

    /** {@code private_key_jwt} for a credential with public keys, {@code client_secret_basic} for one with a secret. */
    public String authMethod() {
        return Credential.of(client).map(Credential::authMethod).orElse(Credential.CLIENT_SECRET_BASIC);
    }

    /** The public keys of a key credential (empty for a secret credential). */
    public java.util.List<CredentialPublicKey> publicKeys() {
        return Credential.of(client).map(Credential::publicKeys).orElse(java.util.List.of());
    }

    /** When the secret the last rotation replaced stops working, or null when no such secret works now. */
    public Instant previousSecretUntil(Instant now) {
        return Credential.of(client).map(credential -> credential.previousSecretUntil(now)).orElse(null);
    }

    /** When the credential last got a token (at most one last-used interval stale), or null if never. */
    public Instant lastUsedAt() {
        return entry == null ? null : entry.lastUsedAt();
    }

    public CredentialStatus status(Instant now) {
        if (unusableReason.isPresent()) {
            return CredentialStatus.UNUSABLE;
        }
        Instant expiresAt = expiresAt();
        return expiresAt == null || !now.isBefore(expiresAt) ? CredentialStatus.EXPIRED : CredentialStatus.ACTIVE;
    }
}
