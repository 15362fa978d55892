package io.orgcredentials.keycloak.it.support;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An organization's credential endpoints in one realm, called with a given token: the admin API
 * ({@code /admin/realms/{realm}/org-client-credentials}) or the members' API ({@code /realms/{realm}/...}), which
 * share their paths below the root.
 */
public final class CredentialsApi {

    private final java.util.function.Function<String, java.net.URI> root;
    private final java.util.function.Supplier<String> token;

    /** The admin API. */
    public CredentialsApi(KeycloakApi api, String realm, java.util.function.Supplier<String> token) {
        this(path -> api.ext(realm, path), token);
    }

    private CredentialsApi(java.util.function.Function<String, java.net.URI> root,
                              java.util.function.Supplier<String> token) {
        this.root = root;
        this.token = token;
    }

    /** The members' API, with a member's token from the self-service client. */
    public static CredentialsApi members(KeycloakApi api, String realm, java.util.function.Supplier<String> token) {
        return new CredentialsApi(path -> api.uri("/realms/" + realm + "/org-client-credentials" + path), token);
    }

    /** The members' API: the caller's organizations. */
    public Http.Result organizations() {
        return Http.get(root.apply("/organizations"), token.get());
    }

    public Http.Result create(String orgId, String name, Instant expiresAt) {
        ObjectNode body = Http.object().put("name", name);
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return Http.postJson(root.apply("/organizations/" + orgId + "/clients"), token.get(), body);
    }

    /** Creates a credential and returns the 201 body (with its clientSecret). */
    public JsonNode createOk(String orgId, String name, Instant expiresAt) {
        return KeycloakApi.expect(201, create(orgId, name, expiresAt), "create credential " + name).json();
    }

    /** Creates a credential with the key fields given ({"jwks": ...} or {"publicKeyPem": ...}). */
    public Http.Result createWithKey(String orgId, String name, ObjectNode keyFields) {
        ObjectNode body = Http.object().put("name", name);
        body.setAll(keyFields);
        return Http.postJson(root.apply("/organizations/" + orgId + "/clients"), token.get(), body);
    }

    public Http.Result addKey(String orgId, String clientId, ObjectNode keyFields) {
        return Http.postJson(root.apply("/organizations/" + orgId + "/clients/" + clientId + "/keys"), token.get(),
                keyFields);
    }

    public Http.Result removeKey(String orgId, String clientId, String kid) {
        return Http.delete(root.apply("/organizations/" + orgId + "/clients/" + clientId + "/keys/" + kid),
                token.get());
    }

    public Http.Result createRaw(String orgId, String contentType, String body) {
        return Http.send(Http.request(root.apply("/organizations/" + orgId + "/clients"), token.get())
                .header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Http.Result list(String orgId, String query) {
        return Http.get(root.apply("/organizations/" + orgId + "/clients" + (query == null ? "" : "?" + query)), token.get());
    }

    public Http.Result get(String orgId, String clientId) {
        return Http.get(root.apply("/organizations/" + orgId + "/clients/" + clientId), token.get());
    }

    public Http.Result delete(String orgId, String clientId) {
        return Http.delete(root.apply("/organizations/" + orgId + "/clients/" + clientId), token.get());
    }

    /** Rotates the secret; {@code body} null sends no body at all (the server's grace applies). */
    public Http.Result rotate(String orgId, String clientId, Object body) {
        java.net.URI uri = root.apply("/organizations/" + orgId + "/clients/" + clientId + "/rotate-secret");
        if (body == null) {
            return Http.send(Http.request(uri, token.get())
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        }
        return Http.postJson(uri, token.get(), body);
    }

    public Http.Result limit(String orgId) {
        return Http.get(root.apply("/organizations/" + orgId + "/limit"), token.get());
    }

    public Http.Result setLimit(String orgId, Object body) {
        return Http.putJson(root.apply("/organizations/" + orgId + "/limit"), token.get(), body);
    }

    public Http.Result managers(String orgId) {
        return Http.get(root.apply("/organizations/" + orgId + "/managers"), token.get());
    }

    /** Names a member one of the organization's credential managers (PUT without a body). */
    public Http.Result addManager(String orgId, String userId) {
        return Http.send(Http.request(root.apply("/organizations/" + orgId + "/managers/" + userId), token.get())
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    }

    public Http.Result removeManager(String orgId, String userId) {
        return Http.delete(root.apply("/organizations/" + orgId + "/managers/" + userId), token.get());
    }
}
