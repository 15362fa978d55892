package io.orgcredentials.keycloak.admin.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;
import io.orgcredentials.keycloak.credential.CredentialStatus;
import io.orgcredentials.keycloak.credential.ManagedCredential;
import org.keycloak.models.OrganizationModel;

/**
 * A credential as the API shows it. {@code tokenEndpointAuthMethod} says how it authenticates
 * ({@code client_secret_basic} or {@code private_key_jwt}); {@code keys} lists a key credential's public keys (never
 * more of them than the public JWK's identity); {@code clientSecret} is set only on the create and rotate-secret
 * responses of a secret credential;
 * {@code problem} only when {@code status} is {@code unusable}; {@code expiringSoon} only when an active credential
 * is within the first expiry-notice threshold; {@code previousSecretExpiresAt} only while a rotated-out secret still
 * works; {@code lastUsedAt} only once the credential got a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"clientId", "name", "organization", "tokenEndpoint", "tokenEndpointAuthMethod", "createdAt",
        "expiresAt", "status", "problem", "expiringSoon", "previousSecretExpiresAt", "lastUsedAt", "scopes", "keys",
        "clientSecret"})
public record CredentialRepresentation(
        String clientId,
        String name,
        OrganizationRef organization,
        String tokenEndpoint,
        String tokenEndpointAuthMethod,
        String createdAt,
        String expiresAt,
        String status,
        String problem,
        Boolean expiringSoon,
        String previousSecretExpiresAt,
        String lastUsedAt,
        List<String> scopes,
        List<KeyRepresentation> keys,
        String clientSecret) {

    public record OrganizationRef(String id, String alias) {
    }

    /** A public key of a key credential: its kid, type, signing algorithm and RFC 7638 thumbprint (base64url SHA-256). */
    @JsonPropertyOrder({"kid", "kty", "alg", "thumbprint"})
    public record KeyRepresentation(String kid, String kty, String alg, String thumbprint) {

        public static KeyRepresentation of(CredentialPublicKey key) {
            return new KeyRepresentation(key.kid(), key.kty(), key.alg(), key.thumbprint());
        }
    }

    /** The credential as the API shows it at {@code now}; {@code problem} is its unusable reason. */
    public static CredentialRepresentation of(ManagedCredential credential, OrganizationModel organization,
                                              String tokenEndpoint, List<String> scopes, Duration expiringWithin,
                                              Instant now) {
        CredentialStatus current = credential.status(now);
        boolean expiringSoon = current == CredentialStatus.ACTIVE && expiringWithin != null
                && !credential.expiresAt().isAfter(now.plus(expiringWithin));
        boolean usesKeys = Credential.PRIVATE_KEY_JWT.equals(credential.authMethod());
        return new CredentialRepresentation(credential.clientId(), credential.name(),
                new OrganizationRef(organization.getId(), organization.getAlias()), tokenEndpoint,
                credential.authMethod(), iso(credential.createdAt()), iso(credential.expiresAt()), current.value(),
                credential.unusableReason().orElse(null), expiringSoon ? Boolean.TRUE : null,
                current == CredentialStatus.ACTIVE ? iso(credential.previousSecretUntil(now)) : null,
                iso(credential.lastUsedAt()), scopes.stream().sorted().toList(),
                usesKeys ? credential.publicKeys().stream().map(KeyRepresentation::of).toList() : null, null);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The same credential with its one-time secret, for the create response only. */
    public CredentialRepresentation withSecret(String secret) {
        return new CredentialRepresentation(clientId, name, organization, tokenEndpoint, tokenEndpointAuthMethod,
                createdAt, expiresAt, status, problem, expiringSoon, previousSecretExpiresAt, lastUsedAt, scopes, keys,
                secret);
    }
}
