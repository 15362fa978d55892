package io.orgcredentials.keycloak.admin.credentials;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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

    /** The same credential with its one-time secret, for the create response only. */
    public CredentialRepresentation withSecret(String secret) {
        return new CredentialRepresentation(clientId, name, organization, tokenEndpoint, createdAt, expiresAt, status,
                problem, scopes, secret);
    }
}
