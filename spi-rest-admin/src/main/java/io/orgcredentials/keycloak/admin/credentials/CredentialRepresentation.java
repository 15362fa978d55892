package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.orgcredentials.keycloak.credential.ManagedCredential;
import org.keycloak.models.OrganizationModel;

/**
 * A credential as the API shows it. {@code clientSecret} is set only on the create response; {@code problem}
 * only when {@code status} is {@code unusable}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"clientId", "name", "organization", "tokenEndpoint", "createdAt", "expiresAt", "status", "problem",
        "scopes", "clientSecret"})
public record CredentialRepresentation(
        String clientId,
        String name,
        OrganizationRef organization,
        String tokenEndpoint,
        String createdAt,
        String expiresAt,
        String status,
        String problem,
        List<String> scopes,
        String clientSecret) {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String UNUSABLE = "unusable";

    public record OrganizationRef(String id, String alias) {
    }

    /** The credential as the API shows it at {@code now}; {@code problem} is its unusable reason. */
    public static CredentialRepresentation of(ManagedCredential credential, OrganizationModel organization,
                                              String tokenEndpoint, List<String> scopes, Instant now) {
        String status = switch (credential.status(now)) {
            case ACTIVE -> ACTIVE;
            case EXPIRED -> EXPIRED;
            case UNUSABLE -> UNUSABLE;
        };
        return new CredentialRepresentation(credential.clientId(), credential.name(),
                new OrganizationRef(organization.getId(), organization.getAlias()), tokenEndpoint,
                iso(credential.createdAt()), iso(credential.expiresAt()), status,
                credential.unusableReason().orElse(null), scopes.stream().sorted().toList(), null);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The same credential with its one-time secret, for the create response only. */
    public CredentialRepresentation withSecret(String secret) {
        return new CredentialRepresentation(clientId, name, organization, tokenEndpoint, createdAt, expiresAt, status,
                problem, scopes, secret);
    }
}
